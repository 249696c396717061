#include "sources/pcap/inspection_gate.hpp"

#include <algorithm>

namespace iotscope {

InspectionGate::InspectionGate(PayloadHook& inner, std::uint32_t max_tcp, std::uint32_t max_other)
    : inner_(inner), max_inspected_{std::max(1U, max_tcp), std::max(1U, max_other)} {}

std::uint32_t InspectionGate::opened(const Connection& connection) {
  (void)connection;
  if (free_.empty()) {
    inner_slots_.push_back(kNoInspection);
    tcp_.push_back(false);
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
    if (inspected_[tcp ? 0 : 1] >= max_inspected_[tcp ? 0 : 1]) {
      ++turned_away_;
      return false;
    }
    inner = inner_.opened(connection);
    if (inner == kNoInspection) return false;
    ++inspected_[tcp ? 0 : 1];
    tcp_[slot] = tcp;
  }
  return inner_.payload(inner, connection, from_originator, bytes, ts_ns, packet);
}

void InspectionGate::closed(std::uint32_t slot, const Connection& connection) {
  std::uint32_t& inner = inner_slots_[slot];
  if (inner != kNoInspection) {
    inner_.closed(inner, connection);
    inner = kNoInspection;
    --inspected_[tcp_[slot] ? 0 : 1];
  }
  free_.push_back(slot);
}

}  // namespace iotscope
