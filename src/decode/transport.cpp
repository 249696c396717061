#include "decode/transport.hpp"

#include <algorithm>

#include "decode/byte_order.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kTcpMinimumHeader = 20;
constexpr std::uint32_t kUdpHeader = 8;
constexpr std::uint32_t kIcmpHeader = 8;  // type, code, checksum and 4 type-specific bytes
constexpr std::uint32_t kIcmpTypeCode = 2;

// Payload bytes after a header of `header` bytes, clipped to what was captured.
std::span<const std::uint8_t> after_header(std::span<const std::uint8_t> captured,
                                           std::uint32_t header) {
  return captured.subspan(std::min<std::size_t>(header, captured.size()));
}

PacketKind decode_tcp(IpPayload ip, DecodedPacket& out) {
  if (ip.declared < kTcpMinimumHeader) return malformed(out, "TCP header longer than IP payload");
  if (ip.captured.size() < kTcpMinimumHeader) return malformed(out, "truncated TCP header");
  const std::uint8_t* p = ip.captured.data();
  const std::uint32_t header = (std::uint32_t{p[12]} >> 4) * 4;
  if (header < kTcpMinimumHeader) return malformed(out, "TCP data offset below 5");
  if (header > ip.declared) return malformed(out, "TCP data offset beyond the IP payload");
  out.src_port = load_be16(p);
  out.dst_port = load_be16(p + 2);
  out.tcp_seq = load_be32(p + 4);
  out.tcp_ack = load_be32(p + 8);
  out.tcp_flags = static_cast<std::uint8_t>(p[13] & 0x3f);
  out.tcp_window = load_be16(p + 14);
  out.payload_length = ip.declared - header;
  out.payload = after_header(ip.captured, header);
  return PacketKind::ip;
}

PacketKind decode_udp(IpPayload ip, DecodedPacket& out) {
  if (ip.declared < kUdpHeader) return malformed(out, "UDP header longer than IP payload");
  if (ip.captured.size() < kUdpHeader) return malformed(out, "truncated UDP header");
  const std::uint8_t* p = ip.captured.data();
  const std::uint16_t length = load_be16(p + 4);
  if (length < kUdpHeader) return malformed(out, "UDP length below 8");
  if (length > ip.declared) return malformed(out, "UDP length beyond the IP payload");
  out.src_port = load_be16(p);
  out.dst_port = load_be16(p + 2);
  out.payload_length = length - kUdpHeader;
  out.payload = after_header(ip.captured.first(std::min<std::size_t>(length, ip.captured.size())),
                             kUdpHeader);
  return PacketKind::ip;
}

// Zeek's convention: the type is the "source port" and the code the "destination port".
PacketKind decode_icmp(IpPayload ip, DecodedPacket& out) {
  if (ip.declared < kIcmpHeader) return malformed(out, "ICMP header longer than IP payload");
  if (ip.captured.size() < kIcmpTypeCode) return malformed(out, "truncated ICMP header");
  out.icmp_type = ip.captured[0];
  out.icmp_code = ip.captured[1];
  out.src_port = out.icmp_type;
  out.dst_port = out.icmp_code;
  out.payload_length = ip.declared - kIcmpHeader;
  out.payload = after_header(ip.captured, kIcmpHeader);
  return PacketKind::ip;
}

}  // namespace

PacketKind decode_transport(std::uint8_t protocol, IpPayload payload, DecodedPacket& out) {
  switch (protocol) {
    case ip_protocol::tcp:
      return decode_tcp(payload, out);
    case ip_protocol::udp:
      return decode_udp(payload, out);
    case ip_protocol::icmp:
    case ip_protocol::icmpv6:
      return decode_icmp(payload, out);
    default:
      out.payload_length = payload.declared;
      out.payload = payload.captured;
      return PacketKind::ip;
  }
}

}  // namespace iotscope
