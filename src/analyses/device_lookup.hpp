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
  // display_label(), or "unknown device" for a key without a record. Computed once per device:
  // the graph asks for it once per edge.
  const std::string& label(const DeviceKey& key) const;
  // The label of peer `peer_device` in `device`'s home; "unknown local host" for 0.
  const std::string& peer_label(const DeviceKey& device, std::uint64_t peer_device) const;

  // The same labels as small numbers, equal exactly when the texts are equal, so the graph can
  // group by label without building strings per edge.
  std::uint32_t label_id(const DeviceKey& key) const;
  std::uint32_t peer_label_id(const DeviceKey& device, std::uint64_t peer_device) const;
  const std::string& label_text(std::uint32_t id) const { return texts_[id]; }

 private:
  const DeviceRecord* records_;  // devices.data()
  std::unordered_map<DeviceKey, std::size_t, DeviceKeyHash> by_key_;
  std::uint32_t intern(std::string text);

  std::vector<std::string> texts_;  // distinct label texts, by label id
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::uint32_t> label_ids_;  // by index into records_
  std::uint32_t unknown_device_ = 0;
  std::uint32_t unknown_host_ = 0;
};

}  // namespace iotscope
