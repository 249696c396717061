#pragma once
// NTP (RFC 5905 modes 1-5, RFC 1305 / 9327 mode 6 control, ntpd's private mode 7): which mode a
// device speaks and whether it sends the amplification-prone monlist query.
#include <cstdint>
#include <optional>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

namespace ntp_mode {
inline constexpr std::uint8_t kSymmetricActive = 1;
inline constexpr std::uint8_t kSymmetricPassive = 2;
inline constexpr std::uint8_t kClient = 3;
inline constexpr std::uint8_t kServer = 4;
inline constexpr std::uint8_t kBroadcast = 5;
inline constexpr std::uint8_t kControl = 6;
inline constexpr std::uint8_t kPrivate = 7;
}  // namespace ntp_mode

struct NtpPacket {
  std::uint8_t version = 0;
  std::uint8_t mode = 0;
  std::uint8_t stratum = 0;                    // modes 1-5
  std::optional<std::uint8_t> control_opcode;  // mode 6
  bool control_response = false;               // mode 6 R bit
  std::optional<std::uint8_t> implementation;  // mode 7
  std::optional<std::uint8_t> request_code;    // mode 7
  // mode 7 MON_GETLIST (20) or MON_GETLIST_1 (42): "monlist", the reflection-amplification query.
  bool monlist = false;
};

ParseResult<NtpPacket> parse_ntp_packet(ByteSpan bytes);

}  // namespace iotscope
