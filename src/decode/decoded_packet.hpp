#pragma once
// The contract between the packet decoder and everything after it (flow table, payload
// inspection, device discovery). A DecodedPacket is a view: `payload` points into the capture
// buffer (or the decoder's fragment-reassembly buffer) and is valid until the next decode call,
// so decoding allocates nothing per packet.
#include <array>
#include <cstdint>
#include <span>

#include "model/ip_address.hpp"

namespace iotscope {

using MacAddress = std::array<std::uint8_t, 6>;

// What the decoder could make of a frame. Anything but `ip` and `arp` carries no flow.
enum class PacketKind : std::uint8_t {
  ip,         // IPv4 or IPv6 with a transport header decoded (or an ICMP / other protocol)
  arp,        // ARP request or reply; see `arp`
  fragment,   // an IP fragment kept for reassembly; nothing to track yet
  non_ip,     // a frame of another ethertype (LLDP, EAPOL, ...) or an 802.11 management frame
  malformed,  // headers inconsistent with their lengths; `issue` says what
};

// TCP flag bits as on the wire (RFC 9293).
namespace tcp_flag {
inline constexpr std::uint8_t fin = 0x01;
inline constexpr std::uint8_t syn = 0x02;
inline constexpr std::uint8_t rst = 0x04;
inline constexpr std::uint8_t psh = 0x08;
inline constexpr std::uint8_t ack = 0x10;
inline constexpr std::uint8_t urg = 0x20;
}  // namespace tcp_flag

// IANA protocol numbers the pipeline branches on.
namespace ip_protocol {
inline constexpr std::uint8_t icmp = 1;
inline constexpr std::uint8_t tcp = 6;
inline constexpr std::uint8_t udp = 17;
inline constexpr std::uint8_t icmpv6 = 58;
}  // namespace ip_protocol

struct ArpFacts {
  std::uint16_t operation = 0;  // 1 request, 2 reply
  MacAddress sender_mac{};
  IpAddress sender_ip;
  MacAddress target_mac{};
  IpAddress target_ip;
};

struct DecodedPacket {
  std::int64_t ts_ns = 0;             // capture time, Unix nanoseconds
  std::uint32_t wire_length = 0;      // frame length on the wire
  std::uint32_t captured_length = 0;  // bytes present in the capture (snap length cut)
  PacketKind kind = PacketKind::malformed;
  const char* issue = nullptr;  // static text naming what was malformed; null when fine

  // Link layer; MACs are zero when the link type has none (raw IP, cooked without address).
  bool has_macs = false;
  MacAddress src_mac{};
  MacAddress dst_mac{};
  std::uint16_t vlan_outer = 0;  // 0 when untagged
  std::uint16_t vlan_inner = 0;  // QinQ inner tag; 0 when absent

  ArpFacts arp;  // only for PacketKind::arp

  // Network layer (PacketKind::ip).
  IpAddress src_ip;
  IpAddress dst_ip;
  std::uint8_t ip_version = 0;
  std::uint8_t ip_protocol = 0;  // after IPv6 extension headers
  std::uint8_t ttl = 0;          // hop limit for IPv6
  std::uint32_t ip_length = 0;   // whole IP datagram as its header says (Zeek's *_ip_bytes)
  bool reassembled = false;      // rebuilt from fragments
  // The IP datagram from its first header byte, as captured (or as reassembled): what nDPI reads.
  std::span<const std::uint8_t> ip_packet;

  // Transport layer; ports are 0 for protocols without them. For ICMP, Zeek's convention:
  // src_port = type, dst_port = code.
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint8_t tcp_flags = 0;
  std::uint32_t tcp_seq = 0;
  std::uint32_t tcp_ack = 0;
  std::uint16_t tcp_window = 0;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;

  // Transport payload as captured, and its length as the headers say (larger when the snap
  // length cut the frame; bytes counting uses payload_length, inspection uses payload).
  std::span<const std::uint8_t> payload;
  std::uint32_t payload_length = 0;
};

// What a layer's decoder returns when its headers contradict their lengths.
inline PacketKind malformed(DecodedPacket& out, const char* issue) {
  out.issue = issue;
  return PacketKind::malformed;
}

}  // namespace iotscope
