#include <algorithm>
#include <cstring>

#include "decode/byte_order.hpp"
#include "decode/ip_layer.hpp"
#include "decode/transport.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kMinimumHeader = 20;
constexpr std::uint16_t kMoreFragments = 0x2000;
constexpr std::uint16_t kOffsetMask = 0x1fff;
constexpr std::size_t kMaximumDatagram = 65535;

FragmentKey ipv4_key(const DecodedPacket& out, std::uint16_t id) {
  FragmentKey key;
  key.src = out.src_ip.bytes();
  key.dst = out.dst_ip.bytes();
  key.id = id;
  key.protocol = out.ip_protocol;
  key.ip_version = 4;
  return key;
}

// Kept out of line so the unfragmented fast path stays small.
[[gnu::noinline]] PacketKind reassemble(const std::uint8_t* p, std::uint32_t header,
                                        IpPayload payload, FragmentReassembler& reassembler,
                                        DecodedPacket& out) {
  const std::uint16_t fragment = load_be16(p + 6);
  if (payload.captured.size() < payload.declared) {
    return malformed(out, "IPv4 fragment cut by the snap length");
  }
  FragmentPiece piece;
  piece.key = ipv4_key(out, load_be16(p + 4));
  piece.offset = (std::uint32_t{fragment} & kOffsetMask) * 8;
  piece.more_fragments = (fragment & kMoreFragments) != 0;
  piece.next_protocol = out.ip_protocol;
  piece.data = payload.captured;
  piece.ts_ns = out.ts_ns;
  const Reassembly done = reassembler.add(piece);
  if (done.status == Reassembly::Status::rejected) return malformed(out, done.issue);
  if (done.status == Reassembly::Status::incomplete) return PacketKind::fragment;
  const std::size_t rebuilt = header + done.datagram.size();
  if (rebuilt > kMaximumDatagram)
    return malformed(out, "reassembled IPv4 datagram over 65535 bytes");
  // The header goes back in front of the data, with the length and fragment fields of the whole
  // datagram (the checksum is left as it was: readers of ip_packet do not verify it).
  std::uint8_t* rebuilt_header = done.header_room.data() + done.header_room.size() - header;
  std::memcpy(rebuilt_header, p, header);
  rebuilt_header[2] = static_cast<std::uint8_t>(rebuilt >> 8);
  rebuilt_header[3] = static_cast<std::uint8_t>(rebuilt);
  rebuilt_header[6] = static_cast<std::uint8_t>(p[6] & 0x40);  // keep only don't-fragment
  rebuilt_header[7] = 0;
  out.ip_packet = std::span<const std::uint8_t>(rebuilt_header, rebuilt);
  out.reassembled = true;
  out.ip_length = static_cast<std::uint32_t>(rebuilt);
  return decode_transport(
      out.ip_protocol, IpPayload{done.datagram, static_cast<std::uint32_t>(done.datagram.size())},
      out);
}

}  // namespace

PacketKind decode_ipv4(std::span<const std::uint8_t> packet, std::uint32_t wire_available,
                       FragmentReassembler& reassembler, DecodedPacket& out) {
  if (packet.size() < kMinimumHeader) return malformed(out, "truncated IPv4 header");
  const std::uint8_t* p = packet.data();
  if ((p[0] >> 4) != 4) return malformed(out, "IPv4 header with another version");
  const std::uint32_t header = std::uint32_t{p[0] & 0x0fU} * 4;
  if (header < kMinimumHeader) return malformed(out, "IPv4 header length below 20");
  if (packet.size() < header) return malformed(out, "truncated IPv4 options");
  const std::uint16_t total = load_be16(p + 2);
  if (total < header) return malformed(out, "IPv4 total length below its header length");
  if (total > wire_available) return malformed(out, "IPv4 total length beyond the frame");
  out.ip_version = 4;
  out.ttl = p[8];
  out.ip_protocol = p[9];
  out.src_ip = IpAddress::v4(load_be32(p + 12));
  out.dst_ip = IpAddress::v4(load_be32(p + 16));
  out.ip_length = total;
  const std::span<const std::uint8_t> datagram =
      packet.first(std::min<std::size_t>(total, packet.size()));
  out.ip_packet = datagram;
  const IpPayload payload{datagram.subspan(header), total - header};

  const std::uint16_t fragment = load_be16(p + 6);
  if ((fragment & (kMoreFragments | kOffsetMask)) == 0) {
    return decode_transport(out.ip_protocol, payload, out);
  }
  return reassemble(p, header, payload, reassembler, out);
}

}  // namespace iotscope
