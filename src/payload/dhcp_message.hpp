#pragma once
// A DHCPv4 message (RFC 2131 BOOTP header + RFC 2132 options): who the client is and how it
// fingerprints itself.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

namespace dhcp_message_type {
inline constexpr std::uint8_t kDiscover = 1;
inline constexpr std::uint8_t kOffer = 2;
inline constexpr std::uint8_t kRequest = 3;
inline constexpr std::uint8_t kDecline = 4;
inline constexpr std::uint8_t kAck = 5;
inline constexpr std::uint8_t kNak = 6;
inline constexpr std::uint8_t kRelease = 7;
inline constexpr std::uint8_t kInform = 8;
}  // namespace dhcp_message_type

// "DISCOVER", "OFFER", ... as Zeek's dhcp.log writes them; "unknown-<n>" otherwise.
std::string dhcp_message_type_name(std::uint8_t type);

struct DhcpMessage {
  std::uint8_t op = 0;  // 1 = BOOTREQUEST, 2 = BOOTREPLY
  std::uint32_t transaction_id = 0;
  std::string client_mac;                    // "aa:bb:cc:dd:ee:ff" when htype is Ethernet
  std::string client_address;                // ciaddr, "0.0.0.0" when unset
  std::string your_address;                  // yiaddr
  std::optional<std::uint8_t> message_type;  // option 53
  std::string host_name;                     // option 12
  std::string vendor_class;                  // option 60
  std::string parameter_request_list;        // option 55 as "1,3,6,15"
  std::string requested_address;             // option 50, dotted quad
  std::string client_fqdn;                   // option 81 domain name, ASCII form only
};

ParseResult<DhcpMessage> parse_dhcp_message(ByteSpan bytes);

}  // namespace iotscope
