#include "sources/pcap/inspection_gate.hpp"

#include <algorithm>

namespace iotscope {

InspectionGate::InspectionGate(PayloadHook& inner, std::uint32_t max_tcp, std::uint32_t max_other)
    : inner_(inner), max_inspected_{std::max(1U, max_tcp), std::max(1U, max_other)} {}

std::uint32_t InspectionGate::opened(const Connection& connection) {
  (void)connection;
  if (free_.empty()) {
    inner_slots_.push_back(kNoInspection);
    places_.push_back(Place::none);
    return static_cast<std::uint32_t>(inner_slots_.size() - 1);
  }
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  return slot;
}

bool InspectionGate::payload(std::uint32_t slot, const Connection& connection, bool from_originator,
                             std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
                             const DecodedPacket& packet) {
  std::uint32_t& inner = inner_slots_[slot];
  if (inner == kNoInspection) {
    const bool tcp = connection.transport == Transport::tcp;
    const std::size_t kind = tcp ? 0 : 1;
    if (inspected_[kind] >= max_inspected_[kind]) {
      ++turned_away_[kind];
      return false;
    }
    inner = inner_.opened(connection);
    if (inner == kNoInspection) return false;
    ++inspected_[kind];
    peak_inspected_[kind] = std::max(peak_inspected_[kind], inspected_[kind]);
    places_[slot] = tcp ? Place::tcp : Place::other;
  }
  const bool more = inner_.payload(inner, connection, from_originator, bytes, ts_ns, packet);
  if (!more) release(slot);
  return more;
}

void InspectionGate::prefetch(std::uint32_t slot) const {
  if (slot < inner_slots_.size() && inner_slots_[slot] != kNoInspection)
    inner_.prefetch(inner_slots_[slot]);
}

void InspectionGate::release(std::uint32_t slot) {
  if (places_[slot] == Place::none) return;
  --inspected_[places_[slot] == Place::tcp ? 0 : 1];
  places_[slot] = Place::none;
}

void InspectionGate::closed(std::uint32_t slot, const Connection& connection) {
  std::uint32_t& inner = inner_slots_[slot];
  if (inner != kNoInspection) {
    inner_.closed(inner, connection);
    inner = kNoInspection;
  }
  release(slot);
  free_.push_back(slot);
}

}  // namespace iotscope
