#include "sources/pcap/device_budget.hpp"

namespace iotscope {

DeviceBudget::DeviceBudget(std::uint64_t max_devices)
    : max_devices_(max_devices), max_unanswered_(max_devices / 4 * 3) {}

bool DeviceBudget::admit(const DeviceKey& key, bool answered) {
  if (admitted_.contains(key.device)) return true;
  const std::uint64_t room = answered ? max_devices_ : max_unanswered_;
  if (max_devices_ != 0 && admitted_.size() >= room) {
    refused_any_ = true;
    return false;
  }
  admitted_.insert(key.device);
  return true;
}

}  // namespace iotscope
