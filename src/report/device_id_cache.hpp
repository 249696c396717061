#pragma once
// One writer's small cache of device ids. Findings come sorted by device and name peers of the
// same home, so a few hundred slots catch nearly every lookup; a writer owns its cache, so the
// shared ReportContext stays read-only across writer threads.
#include <array>
#include <cstddef>
#include <string>

#include "report/report_context.hpp"

namespace iotscope {

class DeviceIdCache {
 public:
  explicit DeviceIdCache(const ReportContext& context) : context_(context) {}

  const std::string& id(const DeviceKey& key) {
    Slot& slot = slots_[MixedDeviceKeyHash{}(key) % slots_.size()];
    if (slot.id == nullptr || !(slot.key == key)) slot = Slot{key, &context_.device_id(key)};
    return *slot.id;
  }

  // As ReportContext::edge_peer and ::encryption_peer.
  std::string edge_peer(const GraphEdge& edge) {
    if (edge.peer_device == 0) return context_.edge_peer(edge);
    return id(DeviceKey{edge.device.home, edge.peer_device});
  }
  std::string encryption_peer(const EncryptionEntry& entry) {
    if (entry.peer_scope == PeerScope::local_device && entry.peer_device != 0) {
      return id(DeviceKey{entry.device.home, entry.peer_device});
    }
    return context_.encryption_peer(entry);
  }

 private:
  struct Slot {
    DeviceKey key;
    const std::string* id = nullptr;  // into the context, which outlives the cache
  };
  static constexpr std::size_t kSlots = 512;

  const ReportContext& context_;
  std::array<Slot, kSlots> slots_{};
};

}  // namespace iotscope
