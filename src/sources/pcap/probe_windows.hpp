#pragma once
// Counts each device's scan probes by style per fixed time window, for the scans analysis
// (scan_probes observations).
#include <array>
#include <map>
#include <utility>
#include <vector>

#include "model/observation.hpp"
#include "sources/pcap/probe_style.hpp"

namespace iotscope {

class ProbeWindows {
 public:
  explicit ProbeWindows(double window_seconds = 60) : window_seconds_(window_seconds) {}
  void count(const DeviceKey& prober, double ts, ProbeStyle style);
  std::vector<Observation> observations() const;

 private:
  static constexpr std::size_t kStyles = static_cast<std::size_t>(ProbeStyle::udp) + 1;
  double window_seconds_;
  std::map<std::pair<DeviceKey, double>, std::array<std::uint64_t, kStyles>> windows_;
};

}  // namespace iotscope
