#include "analyses/device_lookup.hpp"

namespace iotscope {

DeviceLookup::DeviceLookup(const std::vector<DeviceRecord>& devices) {
  by_key_.reserve(devices.size());
  for (const auto& device : devices) by_key_.emplace(device.key, &device);
}

const DeviceRecord* DeviceLookup::find(const DeviceKey& key) const {
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : it->second;
}

std::string DeviceLookup::label(const DeviceKey& key) const {
  const auto* record = find(key);
  return record ? record->display_label() : std::string("unknown device");
}

std::string DeviceLookup::peer_label(const DeviceKey& device, std::uint64_t peer_device) const {
  if (peer_device == 0) return "unknown local host";
  return label(DeviceKey{device.home, peer_device});
}

}  // namespace iotscope
