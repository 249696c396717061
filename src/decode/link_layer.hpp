#pragma once
// The link layer of a frame: fills the MACs and VLAN tags of a DecodedPacket and says where the
// network layer starts and which protocol it carries.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"

namespace iotscope {

namespace ethertype {
inline constexpr std::uint16_t ipv4 = 0x0800;
inline constexpr std::uint16_t arp = 0x0806;
inline constexpr std::uint16_t vlan = 0x8100;
inline constexpr std::uint16_t ipv6 = 0x86dd;
inline constexpr std::uint16_t pppoe_discovery = 0x8863;
inline constexpr std::uint16_t pppoe_session = 0x8864;
inline constexpr std::uint16_t qinq = 0x88a8;
inline constexpr std::uint16_t qinq_legacy = 0x9100;
}  // namespace ethertype

// 802.2 LLC (DSAP, SSAP, control) and SNAP (OUI, ethertype) before an encapsulated ethertype.
inline constexpr std::uint32_t kLlcSnapHeader = 8;

// `ethertype` is ipv4, ipv6 or arp when there is a network layer to decode at `offset`; it is 0
// for frames without one (non_ip), and `issue` is set when the link headers were malformed.
struct LinkLayer {
  std::uint16_t ethertype = 0;
  std::uint32_t offset = 0;
  const char* issue = nullptr;
};

inline LinkLayer link_malformed(const char* issue) {
  return LinkLayer{0, 0, issue};
}
inline LinkLayer link_non_ip() {
  return LinkLayer{};
}

LinkLayer decode_link_layer(int link_type, std::span<const std::uint8_t> frame, DecodedPacket& out);

// Follows an ethertype through VLAN tags, PPPoE sessions and 802.2 LLC/SNAP until IPv4, IPv6,
// ARP or something else; `offset` is where the payload of `type` starts.
LinkLayer follow_ethertype(std::span<const std::uint8_t> frame, std::uint32_t offset,
                           std::uint16_t type, DecodedPacket& out);

// Raw IP: the version nibble decides.
LinkLayer raw_ip_layer(std::span<const std::uint8_t> frame, std::uint32_t offset);

}  // namespace iotscope
