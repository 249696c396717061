#pragma once
// Distinct addresses each device asked ARP for, per fixed time window (arp_requests
// observations): what an ARP host-discovery sweep leaves in a capture.
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"

namespace iotscope {

class ArpRequestWindows {
 public:
  static constexpr std::size_t kListedTargets = 1024;  // per window; the count goes on
  explicit ArpRequestWindows(double window_seconds = 60) : window_seconds_(window_seconds) {}
  void add(const DeviceKey& sender, const IpAddress& target, double ts);
  std::vector<Observation> observations() const;

 private:
  struct Window {
    double first_ts = 0;
    double last_ts = 0;
    std::set<IpAddress> targets;
    std::uint64_t unlisted = 0;
  };
  double window_seconds_;
  std::map<std::pair<DeviceKey, double>, Window> windows_;
};

}  // namespace iotscope
