#include "payload/natpmp_message.hpp"

#include "payload/address_text.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kNatPmpVersion = 0;
constexpr std::uint8_t kNatPmpResponseBit = 0x80;

}  // namespace

// Request:  version(1)=0 opcode(1) [reserved(2) internal_port(2) external_port(2) lifetime(4)]
// Response: version(1)=0 opcode+128(1) result(2) epoch(4) then external address(4) for opcode 0,
//           or internal_port(2) external_port(2) lifetime(4) for opcodes 1 (UDP) and 2 (TCP).
ParseResult<NatPmpMessage> parse_natpmp_message(ByteSpan bytes) {
  ByteReader reader(bytes);
  const auto version = reader.u8();
  const auto opcode = reader.u8();
  if (!opcode) return reader.error("NAT-PMP version and opcode");
  if (*version != kNatPmpVersion) return ParseError{0, "NAT-PMP version 0"};
  NatPmpMessage message;
  message.is_response = (*opcode & kNatPmpResponseBit) != 0;
  const std::uint8_t operation = *opcode & ~kNatPmpResponseBit;
  if (operation > 2) return ParseError{1, "NAT-PMP opcode 0, 1 or 2"};
  message.operation = static_cast<NatPmpOperation>(operation);
  if (message.is_response) {
    const auto result = reader.u16();
    const auto epoch = reader.u32();
    if (!epoch) return reader.error("result code and epoch");
    message.result_code = *result;
    message.seconds_since_epoch = *epoch;
    if (message.operation == NatPmpOperation::external_address) {
      const auto address = reader.take(4);
      if (!address) return reader.error("4-byte external address");
      message.external_address = ipv4_text(*address);
      return message;
    }
  } else {
    if (message.operation == NatPmpOperation::external_address) return message;
    if (!reader.skip(2)) return reader.error("reserved field");
  }
  const auto internal_port = reader.u16();
  const auto external_port = reader.u16();
  const auto lifetime = reader.u32();
  if (!lifetime) return reader.error("internal port, external port and lifetime");
  message.internal_port = *internal_port;
  message.external_port = *external_port;
  message.lifetime = *lifetime;
  return message;
}

}  // namespace iotscope
