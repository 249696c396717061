#include "sources/pcap/packet_batch.hpp"

#include <functional>

namespace iotscope {

std::uint32_t PacketBatch::keep(std::span<const std::uint8_t> bytes) {
  const auto offset = static_cast<std::uint32_t>(bytes_.size());
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  return offset;
}

bool PacketBatch::hold(const DecodedPacket& packet, const LendableBuffer& buffer) {
  if (!buffer.holds(packet.ip_packet)) return false;
  if (!packet.payload.empty() && !buffer.holds(packet.payload)) return false;
  // Newest first: packets come in reading order (merged files take turns).
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) {
    if (it->get() == buffer.bytes.get()) return true;
  }
  if (held_.size() == kMaxHeldBuffers) return false;
  held_.push_back(buffer.bytes);
  return true;
}

void PacketBatch::add(const DecodedPacket& packet, std::int64_t now_ns,
                      const LendableBuffer* buffer) {
  packets.push_back(packet);
  network_ns.push_back(now_ns);
  Views views;
  if (!keep_bytes_) {
    views_.push_back(views);
    return;
  }
  if (buffer != nullptr && hold(packet, *buffer)) {
    views.ip_offset = kHeldInPlace;
    views_.push_back(views);
    return;
  }
  views.ip_size = static_cast<std::uint32_t>(packet.ip_packet.size());
  views.payload_size = static_cast<std::uint32_t>(packet.payload.size());
  views.ip_offset = keep(packet.ip_packet);
  const std::uint8_t* ip_begin = packet.ip_packet.data();
  const std::uint8_t* payload_begin = packet.payload.data();
  // The payload is normally inside the datagram (std::less: the two may be unrelated buffers).
  const bool inside =
      !packet.ip_packet.empty() && !packet.payload.empty() &&
      !std::less<>{}(payload_begin, ip_begin) &&
      !std::less<>{}(ip_begin + packet.ip_packet.size(), payload_begin + packet.payload.size());
  if (inside) {
    views.payload_offset = views.ip_offset + static_cast<std::uint32_t>(payload_begin - ip_begin);
  } else {
    views.payload_offset = keep(packet.payload);
  }
  views_.push_back(views);
}

void PacketBatch::seal() {
  const std::uint8_t* base = bytes_.data();
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const Views& v = views_[i];
    if (v.ip_offset == kHeldInPlace) continue;
    packets[i].ip_packet = {base + v.ip_offset, v.ip_size};
    packets[i].payload = {base + v.payload_offset, v.payload_size};
  }
}

void PacketBatch::clear() {
  packets.clear();
  network_ns.clear();
  bytes_.clear();
  views_.clear();
  held_.clear();
  end = End::none;
  end_ns = 0;
}

}  // namespace iotscope
