#include "analyses/arp_sweeps.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "analyses/evidence.hpp"
#include "analyses/observation_fields.hpp"

namespace iotscope {
namespace {

struct ArpWindow {
  double start = 0;
  double end = 0;
  std::set<IpAddress> targets;
};

std::set<IpAddress> parse_targets(std::string_view list) {
  std::set<IpAddress> targets;
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (const auto ip = IpAddress::parse(list.substr(0, comma))) targets.insert(*ip);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return targets;
}

Scan make_sweep(const DeviceKey& device, const ArpWindow& run, std::size_t windows,
                const AnalysisConfig& config) {
  Scan scan;
  scan.scanner = device;
  scan.kind = ScanKind::host_sweep;
  scan.method = "arp";
  scan.start = run.start;
  scan.end = run.end;
  for (const auto& ip : run.targets) scan.targets.push_back({ip, 0});
  const double excess = static_cast<double>(run.targets.size()) - config.sweep_min_targets;
  scan.confidence = std::min(0.99, 0.7 + 0.29 * std::min(1.0, excess / config.sweep_min_targets));
  scan.evidence = {{"targets", evidence_count(run.targets.size())},
                   {"windows", evidence_count(windows)},
                   {"note", EvidenceValue{std::string("ARP requests for distinct addresses")}}};
  return scan;
}

}  // namespace

std::vector<Scan> find_arp_sweeps(const std::vector<Observation>& observations,
                                  const AnalysisConfig& config) {
  std::map<DeviceKey, std::vector<ArpWindow>> by_device;
  for (const auto& o : observations) {
    if (o.kind != "arp_requests") continue;
    by_device[o.device].push_back(
        {o.ts, field_number(o, "last_ts", o.ts), parse_targets(field_text(o, "target_list"))});
  }
  std::vector<Scan> scans;
  for (auto& [device, windows] : by_device) {
    std::sort(windows.begin(), windows.end(),
              [](const ArpWindow& a, const ArpWindow& b) { return a.start < b.start; });
    // Windows closer than one scan window merge, so a sweep cut by a boundary stays one sweep.
    ArpWindow run;
    std::size_t count = 0;
    // clang 14 cannot capture structured bindings implicitly (the sanitizer build's compiler).
    const auto flush = [&, &scanner = device] {
      if (count > 0 && run.targets.size() >= config.sweep_min_targets) {
        scans.push_back(make_sweep(scanner, run, count, config));
      }
    };
    for (auto& w : windows) {
      if (count > 0 && w.start - run.end <= config.scan_window_seconds) {
        run.end = std::max(run.end, w.end);
        run.targets.merge(w.targets);
        ++count;
        continue;
      }
      flush();
      run = std::move(w);
      count = 1;
    }
    flush();
  }
  return scans;
}

}  // namespace iotscope
