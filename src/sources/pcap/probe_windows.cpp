#include "sources/pcap/probe_windows.hpp"

#include <cmath>
#include <string>

namespace iotscope {

void ProbeWindows::count(const DeviceKey& prober, double ts, ProbeStyle style) {
  if (style == ProbeStyle::none) return;
  const double start = std::floor(ts / window_seconds_) * window_seconds_;
  ++windows_[{prober, start}][static_cast<std::size_t>(style)];
}

std::vector<Observation> ProbeWindows::observations() const {
  std::vector<Observation> out;
  out.reserve(windows_.size());
  for (const auto& [key, counts] : windows_) {
    Observation o;
    o.device = key.first;
    o.ts = key.second;
    o.kind = "scan_probes";
    o.fields["window_end"] = std::to_string(key.second + window_seconds_);
    for (std::size_t i = 1; i < kStyles; ++i) {
      if (counts[i] > 0) {
        o.fields[std::string(to_string(static_cast<ProbeStyle>(i)))] = std::to_string(counts[i]);
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace iotscope
