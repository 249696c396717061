#pragma once
// Finds a device's record (and the label people recognise) from its key or a peer id.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/device_key.hpp"
#include "model/device_record.hpp"

namespace iotscope {

class DeviceLookup {
 public:
  // Keeps pointers into `devices`, which must outlive the directory.
  explicit DeviceLookup(const std::vector<DeviceRecord>& devices);

  const DeviceRecord* find(const DeviceKey& key) const;
  // display_label(), or "unknown device" for a key without a record.
  std::string label(const DeviceKey& key) const;
  // The label of peer `peer_device` in `device`'s home; "unknown local host" for 0.
  std::string peer_label(const DeviceKey& device, std::uint64_t peer_device) const;

 private:
  std::unordered_map<DeviceKey, const DeviceRecord*, DeviceKeyHash> by_key_;
};

}  // namespace iotscope
