#include "payload/ntp_packet.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kTimeHeaderSize = 48;
constexpr std::size_t kControlHeaderSize = 12;
constexpr std::size_t kPrivateHeaderSize = 8;
constexpr std::uint8_t kMonGetList = 20;
constexpr std::uint8_t kMonGetList1 = 42;

}  // namespace

ParseResult<NtpPacket> parse_ntp_packet(ByteSpan bytes) {
  if (bytes.empty()) return ParseError{0, "NTP first byte (LI, version, mode)"};
  NtpPacket packet;
  packet.version = static_cast<std::uint8_t>((bytes[0] >> 3) & 0x07);
  packet.mode = static_cast<std::uint8_t>(bytes[0] & 0x07);
  if (packet.version == 0 || packet.version > 4) return ParseError{0, "NTP version 1 to 4"};
  switch (packet.mode) {
    case ntp_mode::kControl:
      if (bytes.size() < kControlHeaderSize) {
        return ParseError{bytes.size(), "12-byte NTP control header"};
      }
      packet.control_response = (bytes[1] & 0x80) != 0;
      packet.control_opcode = static_cast<std::uint8_t>(bytes[1] & 0x1F);
      return packet;
    case ntp_mode::kPrivate:
      if (bytes.size() < kPrivateHeaderSize) {
        return ParseError{bytes.size(), "8-byte NTP private (mode 7) header"};
      }
      packet.implementation = bytes[2];
      packet.request_code = bytes[3];
      packet.monlist = bytes[3] == kMonGetList || bytes[3] == kMonGetList1;
      return packet;
    case 0:
      return ParseError{0, "NTP mode 1 to 7"};
    default:
      if (bytes.size() < kTimeHeaderSize) return ParseError{bytes.size(), "48-byte NTP header"};
      packet.stratum = bytes[1];
      return packet;
  }
}

}  // namespace iotscope
