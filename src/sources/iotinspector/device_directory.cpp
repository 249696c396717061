#include "sources/iotinspector/device_directory.hpp"

#include <algorithm>

namespace iotscope {

DeviceDirectory::DeviceDirectory(const std::vector<DeviceRecord>& devices) {
  for (const auto& device : devices) {
    known_.insert(device.key);
    if (device.ip.is_unset()) continue;
    auto& holders = by_ip_[HomeIp{device.key.home, device.ip}];
    const auto at = std::lower_bound(holders.begin(), holders.end(), device.key.device);
    if (at == holders.end() || *at != device.key.device) holders.insert(at, device.key.device);
  }
}

std::optional<std::uint64_t> DeviceDirectory::device_at(std::uint64_t home, const IpAddress& ip,
                                                        std::uint64_t self) const {
  const auto it = by_ip_.find(HomeIp{home, ip});
  if (it == by_ip_.end()) return std::nullopt;
  for (const std::uint64_t device : it->second)
    if (device != self) return device;
  return std::nullopt;
}

}  // namespace iotscope
