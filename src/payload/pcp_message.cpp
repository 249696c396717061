#include "payload/pcp_message.hpp"

#include "payload/address_text.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kPcpResponseBit = 0x80;
constexpr std::size_t kNonceSize = 12;

// MAP body:  nonce(12) protocol(1) reserved(3) internal_port(2) external_port(2) external_ip(16)
// PEER body: the MAP body, then remote_port(2) reserved(2) remote_ip(16)
std::optional<ParseError> read_mapping(ByteReader& reader, PcpMessage& message) {
  if (!reader.skip(kNonceSize)) return reader.error("12-byte mapping nonce");
  const auto protocol = reader.u8();
  if (!protocol || !reader.skip(3)) return reader.error("protocol and reserved bytes");
  const auto internal_port = reader.u16();
  const auto external_port = reader.u16();
  const auto external_address = reader.take(16);
  if (!external_address) return reader.error("ports and 16-byte external address");
  message.protocol = *protocol;
  message.internal_port = *internal_port;
  message.external_port = *external_port;
  message.external_address = ipv6_text(*external_address);
  if (message.opcode != PcpOpcode::peer) return std::nullopt;
  const auto remote_port = reader.u16();
  if (!remote_port || !reader.skip(2)) return reader.error("remote peer port");
  const auto remote_address = reader.take(16);
  if (!remote_address) return reader.error("16-byte remote peer address");
  message.remote_peer_port = *remote_port;
  message.remote_peer_address = ipv6_text(*remote_address);
  return std::nullopt;
}

}  // namespace

// Request header:  version(1) R|opcode(1) reserved(2) lifetime(4) client_ip(16)
// Response header: version(1) R|opcode(1) reserved(1) result(1) lifetime(4) epoch(4) reserved(12)
// Options after the opcode body are skipped.
ParseResult<PcpMessage> parse_pcp_message(ByteSpan bytes) {
  ByteReader reader(bytes);
  const auto version = reader.u8();
  const auto opcode = reader.u8();
  const auto reserved = reader.u8();
  const auto result = reader.u8();
  const auto lifetime = reader.u32();
  if (!lifetime) return reader.error("PCP common header");
  if (*version != kPcpVersion) return ParseError{0, "PCP version 2"};
  PcpMessage message;
  message.version = *version;
  message.is_response = (*opcode & kPcpResponseBit) != 0;
  const std::uint8_t operation = *opcode & ~kPcpResponseBit;
  if (operation > 2) return ParseError{1, "PCP opcode ANNOUNCE, MAP or PEER"};
  message.opcode = static_cast<PcpOpcode>(operation);
  message.lifetime = *lifetime;
  (void)reserved;
  if (message.is_response) {
    message.result_code = *result;
    const auto epoch = reader.u32();
    if (!epoch || !reader.skip(12)) return reader.error("epoch time and reserved bytes");
    message.epoch_time = *epoch;
  } else {
    const auto client = reader.take(16);
    if (!client) return reader.error("16-byte client address");
    message.client_address = ipv6_text(*client);
  }
  if (message.opcode == PcpOpcode::announce) return message;
  if (auto failure = read_mapping(reader, message)) return *failure;
  return message;
}

}  // namespace iotscope
