#include "sources/iotinspector/device_directory.hpp"

namespace iotscope {

void DeviceDirectory::Holders::add(std::uint64_t device) {
  if (count > 0 && device == smallest) return;
  if (count > 1 && device == second) return;
  if (count == 0) {
    smallest = device;
  } else if (device < smallest) {
    second = smallest;
    smallest = device;
  } else if (count == 1 || device < second) {
    second = device;
  }
  if (count < 2) ++count;
}

DeviceDirectory::DeviceDirectory(const std::vector<DeviceRecord>& devices) {
  known_.reserve(devices.size());
  by_ip_.reserve(devices.size());
  for (const auto& device : devices) {
    known_.try_emplace(device.key);
    if (device.ip.is_unset()) continue;
    holds_non_local_ = holds_non_local_ || !device.ip.is_local();
    by_ip_.try_emplace(HomeIp{device.key.home, device.ip}).first->add(device.key.device);
  }
}

std::optional<std::uint64_t> DeviceDirectory::device_at(std::uint64_t home, const IpAddress& ip,
                                                        std::uint64_t self) const {
  if (!holds_non_local_ && !ip.is_local()) return std::nullopt;
  const Holders* holders = by_ip_.find(HomeIp{home, ip});
  if (holders == nullptr) return std::nullopt;
  if (holders->smallest != self) return holders->smallest;
  if (holders->count > 1) return holders->second;
  return std::nullopt;
}

}  // namespace iotscope
