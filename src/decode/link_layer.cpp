#include "decode/link_layer.hpp"

#include <cstring>

#include "decode/byte_order.hpp"
#include "decode/ieee80211.hpp"
#include "decode/link_type.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kEthernetHeader = 14;
constexpr std::uint32_t kVlanTag = 4;
constexpr std::uint32_t kPppoeHeader = 6;  // ver/type, code, session, length
constexpr std::uint32_t kPppProtocol = 2;
constexpr std::uint32_t kCookedV1Header = 16;
constexpr std::uint32_t kCookedV2Header = 20;
constexpr std::uint32_t kNullHeader = 4;
// Stacked tags beyond this are not a real network; stop instead of walking the whole frame.
constexpr int kMaxVlanTags = 8;

constexpr std::uint16_t kPppIpv4 = 0x0021;
constexpr std::uint16_t kPppIpv6 = 0x0057;
constexpr std::uint16_t kArphrdEthernet = 1;
constexpr std::uint16_t kEthertypeMinimum = 0x0600;  // smaller values are 802.3 lengths

bool is_vlan(std::uint16_t type) {
  return type == ethertype::vlan || type == ethertype::qinq || type == ethertype::qinq_legacy;
}

bool is_network(std::uint16_t type) {
  return type == ethertype::ipv4 || type == ethertype::ipv6 || type == ethertype::arp;
}

void record_vlan(std::uint16_t tci, int depth, DecodedPacket& out) {
  const auto id = static_cast<std::uint16_t>(tci & 0x0fff);
  if (depth == 0) out.vlan_outer = id;
  if (depth == 1) out.vlan_inner = id;
}

// PPPoE session header then the PPP protocol number; only IPv4 and IPv6 go further.
LinkLayer follow_pppoe(std::span<const std::uint8_t> frame, std::uint32_t offset) {
  if (frame.size() < offset + kPppoeHeader + kPppProtocol) {
    return link_malformed("truncated PPPoE session header");
  }
  const std::uint8_t* p = frame.data() + offset;
  if (p[0] != 0x11 || p[1] != 0) return link_malformed("PPPoE session with bad version or code");
  const std::uint16_t ppp = load_be16(p + kPppoeHeader);
  const std::uint32_t next = offset + kPppoeHeader + kPppProtocol;
  if (ppp == kPppIpv4) return LinkLayer{ethertype::ipv4, next, nullptr};
  if (ppp == kPppIpv6) return LinkLayer{ethertype::ipv6, next, nullptr};
  return link_non_ip();
}

// 802.3 frames carry a length instead of a type; only LLC/SNAP encapsulation names a protocol.
LinkLayer follow_llc(std::span<const std::uint8_t> frame, std::uint32_t offset,
                     DecodedPacket& out) {
  if (frame.size() < offset + kLlcSnapHeader) return link_non_ip();
  const std::uint8_t* p = frame.data() + offset;
  if (p[0] != 0xaa || p[1] != 0xaa || p[2] != 0x03) return link_non_ip();
  return follow_ethertype(frame, offset + kLlcSnapHeader, load_be16(p + 6), out);
}

LinkLayer decode_ethernet(std::span<const std::uint8_t> frame, DecodedPacket& out) {
  if (frame.size() < kEthernetHeader) return link_malformed("truncated Ethernet header");
  std::memcpy(out.dst_mac.data(), frame.data(), 6);
  std::memcpy(out.src_mac.data(), frame.data() + 6, 6);
  out.has_macs = true;
  const std::uint16_t type = load_be16(frame.data() + 12);
  if (type == ethertype::ipv4) return LinkLayer{type, kEthernetHeader, nullptr};  // most frames
  return follow_ethertype(frame, kEthernetHeader, type, out);
}

// Cooked captures have only the sender's link address; the MACs stay unset (has_macs false)
// but src_mac is filled when the sender was an Ethernet interface.
void record_cooked_source(const std::uint8_t* address, std::uint16_t hardware, std::uint16_t length,
                          DecodedPacket& out) {
  if (hardware == kArphrdEthernet && length == 6) std::memcpy(out.src_mac.data(), address, 6);
}

LinkLayer decode_cooked_v1(std::span<const std::uint8_t> frame, DecodedPacket& out) {
  if (frame.size() < kCookedV1Header) return link_malformed("truncated Linux cooked header");
  const std::uint8_t* p = frame.data();
  record_cooked_source(p + 6, load_be16(p + 2), load_be16(p + 4), out);
  return follow_ethertype(frame, kCookedV1Header, load_be16(p + 14), out);
}

LinkLayer decode_cooked_v2(std::span<const std::uint8_t> frame, DecodedPacket& out) {
  if (frame.size() < kCookedV2Header) return link_malformed("truncated Linux cooked v2 header");
  const std::uint8_t* p = frame.data();
  record_cooked_source(p + 12, load_be16(p + 8), p[11], out);
  return follow_ethertype(frame, kCookedV2Header, load_be16(p), out);
}

// BSD address families differ per system for IPv6; all of them are accepted.
LinkLayer family_layer(std::uint32_t family) {
  if (family == 2) return LinkLayer{ethertype::ipv4, kNullHeader, nullptr};
  if (family == 10 || family == 24 || family == 28 || family == 30) {
    return LinkLayer{ethertype::ipv6, kNullHeader, nullptr};
  }
  return link_non_ip();
}

LinkLayer decode_null(std::span<const std::uint8_t> frame, bool network_order) {
  if (frame.size() < kNullHeader) return link_malformed("truncated loopback header");
  if (network_order) return family_layer(load_be32(frame.data()));
  // The family is in the capturing host's byte order: a small number reads right one way.
  const std::uint32_t little = load_le32(frame.data());
  return family_layer(little < 0x10000 ? little : load_be32(frame.data()));
}

LinkLayer fixed_ip_layer(std::span<const std::uint8_t> frame, std::uint16_t type) {
  if (frame.empty()) return link_malformed("empty IP frame");
  const int version = frame[0] >> 4;
  if ((type == ethertype::ipv4 && version != 4) || (type == ethertype::ipv6 && version != 6)) {
    return link_malformed("IP version does not match the link type");
  }
  return LinkLayer{type, 0, nullptr};
}

}  // namespace

LinkLayer follow_ethertype(std::span<const std::uint8_t> frame, std::uint32_t offset,
                           std::uint16_t type, DecodedPacket& out) {
  for (int depth = 0; is_vlan(type); ++depth) {
    if (depth == kMaxVlanTags) return link_malformed("too many stacked VLAN tags");
    if (frame.size() < offset + kVlanTag) return link_malformed("truncated VLAN tag");
    record_vlan(load_be16(frame.data() + offset), depth, out);
    type = load_be16(frame.data() + offset + 2);
    offset += kVlanTag;
  }
  if (is_network(type)) return LinkLayer{type, offset, nullptr};
  if (type == ethertype::pppoe_session) return follow_pppoe(frame, offset);
  if (type < kEthertypeMinimum) return follow_llc(frame, offset, out);
  return link_non_ip();
}

LinkLayer raw_ip_layer(std::span<const std::uint8_t> frame, std::uint32_t offset) {
  if (frame.size() <= offset) return link_malformed("empty IP frame");
  const int version = frame[offset] >> 4;
  if (version == 4) return LinkLayer{ethertype::ipv4, offset, nullptr};
  if (version == 6) return LinkLayer{ethertype::ipv6, offset, nullptr};
  return link_malformed("raw IP frame with a version other than 4 or 6");
}

LinkLayer decode_link_layer(int link_type, std::span<const std::uint8_t> frame,
                            DecodedPacket& out) {
  switch (link_type) {
    case link_type::ethernet:
      return decode_ethernet(frame, out);
    case link_type::raw_ip:
    case link_type::raw_ip_dlt12:
    case link_type::raw_ip_dlt14:
      return raw_ip_layer(frame, 0);
    case link_type::ipv4:
      return fixed_ip_layer(frame, ethertype::ipv4);
    case link_type::ipv6:
      return fixed_ip_layer(frame, ethertype::ipv6);
    case link_type::linux_sll:
      return decode_cooked_v1(frame, out);
    case link_type::linux_sll2:
      return decode_cooked_v2(frame, out);
    case link_type::null_loopback:
      return decode_null(frame, false);
    case link_type::loop:
      return decode_null(frame, true);
    case link_type::ieee802_11_radiotap:
      return decode_radiotap(frame, out);
    case link_type::ieee802_11:
      return decode_ieee80211(frame, 0, false, out);
    default:
      return link_malformed("unsupported link type");
  }
}

}  // namespace iotscope
