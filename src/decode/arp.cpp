#include "decode/arp.hpp"

#include <cstring>

#include "decode/byte_order.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kArpEthernetIpv4 = 28;
constexpr std::uint16_t kHardwareEthernet = 1;
constexpr std::uint16_t kProtocolIpv4 = 0x0800;
constexpr std::uint16_t kRequest = 1;
constexpr std::uint16_t kReply = 2;

}  // namespace

PacketKind decode_arp(std::span<const std::uint8_t> packet, DecodedPacket& out) {
  if (packet.size() < 8) {
    out.issue = "truncated ARP header";
    return PacketKind::malformed;
  }
  const std::uint8_t* p = packet.data();
  const std::uint16_t operation = load_be16(p + 6);
  if (load_be16(p) != kHardwareEthernet || load_be16(p + 2) != kProtocolIpv4 || p[4] != 6 ||
      p[5] != 4 || (operation != kRequest && operation != kReply)) {
    return PacketKind::non_ip;
  }
  if (packet.size() < kArpEthernetIpv4) {
    out.issue = "truncated ARP addresses";
    return PacketKind::malformed;
  }
  ArpFacts& arp = out.arp;
  arp.operation = operation;
  std::memcpy(arp.sender_mac.data(), p + 8, 6);
  arp.sender_ip = IpAddress::v4(load_be32(p + 14));
  std::memcpy(arp.target_mac.data(), p + 18, 6);
  arp.target_ip = IpAddress::v4(load_be32(p + 24));
  return PacketKind::arp;
}

}  // namespace iotscope
