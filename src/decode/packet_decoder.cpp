#include "decode/packet_decoder.hpp"

#include <algorithm>

#include "decode/arp.hpp"
#include "decode/ip_layer.hpp"
#include "decode/link_layer.hpp"

namespace iotscope {
namespace {

// Copying a ready-made empty record is cheaper than value-initializing a temporary per packet.
const DecodedPacket kEmptyPacket{};

}  // namespace

PacketDecoder::PacketDecoder(int link_type, FragmentLimits limits)
    : link_type_(link_type), reassembler_(limits) {}

PacketKind PacketDecoder::decode(std::span<const std::uint8_t> frame, std::int64_t ts_ns,
                                 std::uint32_t wire_length, DecodedPacket& out) {
  out = kEmptyPacket;
  out.ts_ns = ts_ns;
  out.wire_length = wire_length;
  out.captured_length = static_cast<std::uint32_t>(frame.size());
  const LinkLayer link = decode_link_layer(link_type_, frame, out);
  if (link.issue != nullptr) {
    out.issue = link.issue;
    return out.kind = PacketKind::malformed;
  }
  // A wire length below the captured length is a broken record; trust the bytes we hold.
  const std::uint32_t wire = std::max(wire_length, out.captured_length);
  const std::span<const std::uint8_t> network = frame.subspan(link.offset);
  const std::uint32_t wire_available = wire - link.offset;
  switch (link.ethertype) {
    case ethertype::ipv4:
      out.kind = decode_ipv4(network, wire_available, reassembler_, out);
      break;
    case ethertype::ipv6:
      out.kind = decode_ipv6(network, wire_available, reassembler_, out);
      break;
    case ethertype::arp:
      out.kind = decode_arp(network, out);
      break;
    default:
      out.kind = PacketKind::non_ip;
      break;
  }
  return out.kind;
}

}  // namespace iotscope
