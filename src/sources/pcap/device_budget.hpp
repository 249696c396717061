#pragma once
// Which devices a capture read learns when the memory cap holds fewer than the capture shows (a
// flood of frames from random source MAC addresses makes a device of each). The first devices
// seen are kept, except that devices seen only unanswered (ARP senders, connections nobody
// answered) may fill three quarters of the budget: the last quarter is kept for devices of
// answered connections, which a reader only converts when they end, after a flood's ARP
// requests have come in. What devices past the budget did (their connections' flow records, ARP
// requests, probe styles, payload facts) is left out of the analyses and counted. conn.log rows
// (`flows`) keep every connection: only the per-device state is bounded.
#include <cstdint>
#include <unordered_set>

#include "model/device_key.hpp"

namespace iotscope {

class DeviceBudget {
 public:
  // 0: no limit.
  explicit DeviceBudget(std::uint64_t max_devices);

  // True for a device already admitted, or a new one while there is room for its kind:
  // `answered` when seen in a connection its peer answered.
  bool admit(const DeviceKey& key, bool answered);

  std::uint64_t admitted() const { return admitted_.size(); }
  std::uint64_t max_devices() const { return max_devices_; }
  // Whether a device was ever refused (the callers count what they left out).
  bool refused_any() const { return refused_any_; }

 private:
  std::uint64_t max_devices_;
  std::uint64_t max_unanswered_;
  std::unordered_set<std::uint64_t> admitted_;  // DeviceKey::device of the home read
  bool refused_any_ = false;
};

}  // namespace iotscope
