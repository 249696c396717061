#include "analyses/device_lookup.hpp"

namespace iotscope {

DeviceLookup::DeviceLookup(const std::vector<DeviceRecord>& devices) : records_(devices.data()) {
  unknown_device_ = intern("unknown device");
  unknown_host_ = intern("unknown local host");
  by_key_.reserve(devices.size());
  label_ids_.reserve(devices.size());
  for (std::size_t i = 0; i < devices.size(); ++i) {
    by_key_.emplace(devices[i].key, i);  // the first record of a duplicated key names it
    label_ids_.push_back(intern(devices[i].display_label()));
  }
}

std::uint32_t DeviceLookup::intern(std::string text) {
  const auto [it, added] = ids_.emplace(std::move(text), static_cast<std::uint32_t>(texts_.size()));
  if (added) texts_.push_back(it->first);
  return it->second;
}

const DeviceRecord* DeviceLookup::find(const DeviceKey& key) const {
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &records_[it->second];
}

std::uint32_t DeviceLookup::label_id(const DeviceKey& key) const {
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? unknown_device_ : label_ids_[it->second];
}

std::uint32_t DeviceLookup::peer_label_id(const DeviceKey& device,
                                          std::uint64_t peer_device) const {
  if (peer_device == 0) return unknown_host_;
  return label_id(DeviceKey{device.home, peer_device});
}

const std::string& DeviceLookup::label(const DeviceKey& key) const {
  return texts_[label_id(key)];
}

const std::string& DeviceLookup::peer_label(const DeviceKey& device,
                                            std::uint64_t peer_device) const {
  return texts_[peer_label_id(device, peer_device)];
}

}  // namespace iotscope
