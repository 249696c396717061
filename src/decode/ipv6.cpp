#include <algorithm>
#include <array>
#include <cstring>

#include "decode/byte_order.hpp"
#include "decode/ip_layer.hpp"
#include "decode/transport.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kFixedHeader = 40;
constexpr std::uint32_t kFragmentHeader = 8;
// Real packets carry a handful; a long chain is an attack on the parser, not traffic.
constexpr int kMaxExtensionHeaders = 16;

namespace next_header {
constexpr std::uint8_t hop_by_hop = 0;
constexpr std::uint8_t routing = 43;
constexpr std::uint8_t fragment = 44;
constexpr std::uint8_t authentication = 51;
constexpr std::uint8_t none = 59;
constexpr std::uint8_t destination_options = 60;
constexpr std::uint8_t mobility = 135;
constexpr std::uint8_t hip = 139;
constexpr std::uint8_t shim6 = 140;
}  // namespace next_header

bool is_generic_extension(std::uint8_t nh) {
  return nh == next_header::hop_by_hop || nh == next_header::routing ||
         nh == next_header::destination_options || nh == next_header::mobility ||
         nh == next_header::hip || nh == next_header::shim6;
}

// Where the extension-header walk stopped: at an upper-layer protocol (or ESP / no next header),
// or at a fragment header when `nh` is fragment.
struct ChainEnd {
  std::uint8_t nh = 0;
  std::uint32_t offset = 0;
  const char* issue = nullptr;
  std::uint32_t nh_field = 6;  // where the byte naming `nh` sits (6: in the fixed header)
};

// Walks extension headers in `bytes` (captured, never beyond the declared end) from `offset`.
ChainEnd walk_extensions(std::span<const std::uint8_t> bytes, std::uint32_t declared_end,
                         std::uint8_t nh, std::uint32_t offset) {
  std::uint32_t nh_field = 6;
  for (int count = 0; count < kMaxExtensionHeaders; ++count) {
    std::uint32_t length = 0;
    if (is_generic_extension(nh)) {
      if (offset + 2 > bytes.size()) return ChainEnd{nh, offset, "truncated IPv6 extension header"};
      length = (std::uint32_t{bytes[offset + 1]} + 1) * 8;
    } else if (nh == next_header::authentication) {
      if (offset + 2 > bytes.size()) return ChainEnd{nh, offset, "truncated IPv6 AH header"};
      length = (std::uint32_t{bytes[offset + 1]} + 2) * 4;
    } else {
      return ChainEnd{nh, offset, nullptr, nh_field};
    }
    if (offset + length > declared_end) {
      return ChainEnd{nh, offset, "IPv6 extension header beyond the payload length"};
    }
    if (offset + length > bytes.size()) {
      return ChainEnd{nh, offset, "truncated IPv6 extension header"};
    }
    nh = bytes[offset];
    nh_field = offset;
    offset += length;
  }
  return ChainEnd{nh, offset, "too many IPv6 extension headers"};
}

// The upper layer after the extension headers; ESP and "no next header" stop decoding.
PacketKind decode_upper(ChainEnd end, std::span<const std::uint8_t> bytes,
                        std::uint32_t declared_end, DecodedPacket& out) {
  out.ip_protocol = end.nh;
  const IpPayload payload{bytes.subspan(std::min<std::size_t>(end.offset, bytes.size())),
                          declared_end - end.offset};
  if (end.nh == next_header::none) {
    out.payload_length = payload.declared;
    return PacketKind::ip;
  }
  return decode_transport(end.nh, payload, out);
}

void record_addresses(const std::uint8_t* p, DecodedPacket& out) {
  std::array<std::uint8_t, 16> address{};
  std::memcpy(address.data(), p + 8, 16);
  out.src_ip = IpAddress::v6(address);
  std::memcpy(address.data(), p + 24, 16);
  out.dst_ip = IpAddress::v6(address);
}

// Puts the unfragmentable part back in front of the reassembled data, without the fragment
// header: payload length covers the whole datagram and the header before names what followed.
const char* rebuild_packet(std::span<const std::uint8_t> datagram, std::uint32_t at,
                           std::uint32_t nh_field, const Reassembly& done, DecodedPacket& out) {
  const std::size_t payload = at - kFixedHeader + done.datagram.size();
  if (at > done.header_room.size()) return "IPv6 unfragmentable part too long to reassemble";
  if (payload > 0xffff) return "reassembled IPv6 datagram over 65535 bytes";
  std::uint8_t* rebuilt = done.header_room.data() + done.header_room.size() - at;
  std::memcpy(rebuilt, datagram.data(), at);
  rebuilt[4] = static_cast<std::uint8_t>(payload >> 8);
  rebuilt[5] = static_cast<std::uint8_t>(payload);
  rebuilt[nh_field] = done.next_protocol;
  out.ip_packet = std::span<const std::uint8_t>(rebuilt, kFixedHeader + payload);
  return nullptr;
}

PacketKind reassemble(std::span<const std::uint8_t> datagram, std::uint32_t at,
                      std::uint32_t nh_field, FragmentReassembler& reassembler,
                      DecodedPacket& out) {
  if (at + kFragmentHeader > datagram.size())
    return malformed(out, "truncated IPv6 fragment header");
  const std::uint8_t* f = datagram.data() + at;
  const std::uint16_t offset_flags = load_be16(f + 2);
  const std::uint32_t offset = offset_flags & 0xfff8U;
  const bool more = (offset_flags & 1U) != 0;
  const std::span<const std::uint8_t> fragmentable = datagram.subspan(at + kFragmentHeader);
  if (offset == 0 && !more) {  // atomic fragment (RFC 6946): nothing to wait for
    const ChainEnd end =
        walk_extensions(fragmentable, static_cast<std::uint32_t>(fragmentable.size()), f[0], 0);
    if (end.issue != nullptr) return malformed(out, end.issue);
    if (end.nh == next_header::fragment) return malformed(out, "nested IPv6 fragment header");
    return decode_upper(end, fragmentable, static_cast<std::uint32_t>(fragmentable.size()), out);
  }
  FragmentPiece piece;
  piece.key.src = out.src_ip.bytes();
  piece.key.dst = out.dst_ip.bytes();
  piece.key.id = load_be32(f + 4);
  piece.key.ip_version = 6;
  piece.offset = offset;
  piece.more_fragments = more;
  piece.next_protocol = f[0];
  piece.data = fragmentable;
  piece.ts_ns = out.ts_ns;
  out.ip_protocol = next_header::fragment;
  const Reassembly done = reassembler.add(piece);
  if (done.status == Reassembly::Status::rejected) return malformed(out, done.issue);
  if (done.status == Reassembly::Status::incomplete) return PacketKind::fragment;
  if (const char* issue = rebuild_packet(datagram, at, nh_field, done, out)) {
    return malformed(out, issue);
  }
  out.reassembled = true;
  const auto size = static_cast<std::uint32_t>(done.datagram.size());
  out.ip_length = at + size;  // the unfragmentable part plus the datagram, without this header
  const ChainEnd end = walk_extensions(done.datagram, size, done.next_protocol, 0);
  if (end.issue != nullptr) return malformed(out, end.issue);
  if (end.nh == next_header::fragment) return malformed(out, "nested IPv6 fragment header");
  return decode_upper(end, done.datagram, size, out);
}

}  // namespace

PacketKind decode_ipv6(std::span<const std::uint8_t> packet, std::uint32_t wire_available,
                       FragmentReassembler& reassembler, DecodedPacket& out) {
  if (packet.size() < kFixedHeader) return malformed(out, "truncated IPv6 header");
  const std::uint8_t* p = packet.data();
  if ((p[0] >> 4) != 6) return malformed(out, "IPv6 header with another version");
  const std::uint32_t total = kFixedHeader + load_be16(p + 4);
  if (total > wire_available) return malformed(out, "IPv6 payload length beyond the frame");
  out.ip_version = 6;
  out.ttl = p[7];
  out.ip_protocol = p[6];
  out.ip_length = total;
  record_addresses(p, out);
  const std::span<const std::uint8_t> datagram =
      packet.first(std::min<std::size_t>(total, packet.size()));
  out.ip_packet = datagram;
  const ChainEnd end = walk_extensions(datagram, total, p[6], kFixedHeader);
  if (end.issue != nullptr) return malformed(out, end.issue);
  if (end.nh != next_header::fragment) return decode_upper(end, datagram, total, out);
  if (datagram.size() < total) return malformed(out, "IPv6 fragment cut by the snap length");
  return reassemble(datagram, end.offset, end.nh_field, reassembler, out);
}

}  // namespace iotscope
