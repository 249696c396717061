#include "sources/pcap/arp_request_windows.hpp"

#include <cmath>
#include <string>

namespace iotscope {

void ArpRequestWindows::add(const DeviceKey& sender, const IpAddress& target, double ts) {
  const double start = std::floor(ts / window_seconds_) * window_seconds_;
  auto [it, inserted] = windows_.try_emplace({sender, start});
  Window& w = it->second;
  if (inserted) w.first_ts = ts;
  w.last_ts = std::max(w.last_ts, ts);
  if (w.targets.size() < kListedTargets) {
    w.targets.insert(target);
  } else if (!w.targets.contains(target)) {
    ++w.unlisted;
  }
}

std::vector<Observation> ArpRequestWindows::observations() const {
  std::vector<Observation> out;
  out.reserve(windows_.size());
  for (const auto& [key, w] : windows_) {
    Observation o;
    o.device = key.first;
    o.ts = w.first_ts;
    o.kind = "arp_requests";
    std::string list;
    for (const auto& ip : w.targets) {
      if (!list.empty()) list += ',';
      list += ip.to_string();
    }
    o.fields = {{"last_ts", std::to_string(w.last_ts)},
                {"targets", std::to_string(w.targets.size() + w.unlisted)},
                {"target_list", std::move(list)}};
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace iotscope
