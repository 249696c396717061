#include "analyses/scans.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "analyses/analysis_keys.hpp"
#include "analyses/arp_sweeps.hpp"
#include "analyses/evidence.hpp"
#include "analyses/scan_outcomes.hpp"

namespace iotscope {
namespace {

// One device's windows, oldest first.
using WindowList = std::vector<const ScanWindowSummary*>;

std::map<DeviceKey, WindowList> windows_by_device(const Summaries& summaries) {
  std::map<DeviceKey, WindowList> by_device;
  for (const auto& w : summaries.scan_windows) by_device[w.device].push_back(&w);
  for (auto& [device, windows] : by_device) {
    std::stable_sort(windows.begin(), windows.end(), [](const auto* a, const auto* b) {
      return a->window_start < b->window_start;
    });
  }
  return by_device;
}

bool adjacent(const ScanWindowSummary& earlier, const ScanWindowSummary& later,
              const AnalysisConfig& config) {
  const double slack = 1e-6;
  return later.window_start <= earlier.window_start + config.scan_window_seconds + slack ||
         later.first_ts - earlier.last_ts <= config.scan_window_seconds + slack;
}

// What a scan run accumulated about one target.
struct TargetFacts {
  std::uint64_t peer_device = 0;
  std::set<std::uint16_t> ports;
  std::uint64_t flows = 0;
  std::uint64_t failed = 0;
};

// Consecutive windows merged into one finding.
struct Run {
  std::map<IpAddress, TargetFacts> targets;
  std::size_t windows = 0;
  double start = 0;
  double end = 0;
};

// Marks the windows that qualify on their own or together with an adjacent window (so that a
// scan cut in two by a window boundary is still seen), then merges adjacent marked windows.
template <typename CountInWindow, typename CountInPair>
std::vector<std::vector<std::size_t>> qualifying_runs(const WindowList& windows,
                                                      const AnalysisConfig& config,
                                                      std::size_t threshold, CountInWindow single,
                                                      CountInPair pair) {
  std::vector<bool> marked(windows.size(), false);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (single(i) >= threshold) marked[i] = true;
    if (i + 1 < windows.size() && adjacent(*windows[i], *windows[i + 1], config) &&
        pair(i, i + 1) >= threshold) {
      marked[i] = marked[i + 1] = true;
    }
  }
  std::vector<std::vector<std::size_t>> runs;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (!marked[i]) continue;
    const bool extends = !runs.empty() && runs.back().back() + 1 == i &&
                         adjacent(*windows[i - 1], *windows[i], config);
    if (extends) {
      runs.back().push_back(i);
    } else {
      runs.push_back({i});
    }
  }
  return runs;
}

void absorb_target(const ScanTargetPorts& t, TargetFacts& facts) {
  facts.peer_device = t.peer_device;
  facts.ports.insert(t.ports.begin(), t.ports.end());
  facts.flows += t.flows;
  facts.failed += t.flows_rejected_or_unanswered;
}

void absorb_window(const ScanWindowSummary& w, Run& run) {
  if (run.windows == 0) run.start = w.first_ts;
  run.start = std::min(run.start, w.first_ts);
  run.end = std::max(run.end, w.last_ts);
  ++run.windows;
}

// Whether every target is a known device contacted only on ports it is known to serve.
bool all_known_services(const DeviceKey& scanner, const std::map<IpAddress, TargetFacts>& targets,
                        const RoleIndex& roles) {
  for (const auto& [address, facts] : targets) {
    if (facts.peer_device == 0) return false;
    const DeviceKey peer{scanner.home, facts.peer_device};
    for (const auto port : facts.ports) {
      if (!roles.serves_any_transport(peer, port)) return false;
    }
  }
  return true;
}

Scan make_scan(const DeviceKey& scanner, ScanKind kind, const Run& run, const RoleIndex& roles,
               std::size_t threshold) {
  Scan scan;
  scan.scanner = scanner;
  scan.kind = kind;
  scan.start = run.start;
  scan.end = run.end;
  std::set<std::uint16_t> ports;
  std::uint64_t flows = 0;
  std::uint64_t failed = 0;
  std::uint64_t known_targets = 0;
  for (const auto& [address, facts] : run.targets) {
    scan.targets.push_back({address, facts.peer_device});
    ports.insert(facts.ports.begin(), facts.ports.end());
    flows += facts.flows;
    failed += facts.failed;
    if (facts.peer_device != 0) ++known_targets;
  }
  scan.ports.assign(ports.begin(), ports.end());
  const double size = kind == ScanKind::host_sweep ? static_cast<double>(scan.targets.size())
                                                   : static_cast<double>(scan.ports.size());
  const double unknown_share =
      1.0 - static_cast<double>(known_targets) / static_cast<double>(scan.targets.size());
  double confidence =
      0.6 +
      0.2 * saturate(size - static_cast<double>(threshold), 2.0 * static_cast<double>(threshold)) +
      0.1 * unknown_share + 0.1 * saturate(static_cast<double>(failed), static_cast<double>(flows));
  scan.evidence = {
      {"targets", evidence_count(scan.targets.size())},
      {"known_device_targets", evidence_count(known_targets)},
      {"ports", evidence_ports(scan.ports)},
      {"flows", evidence_count(flows)},
      {"windows", evidence_count(run.windows)},
  };
  if (failed > 0)
    scan.evidence.emplace_back("flows_rejected_or_unanswered", evidence_count(failed));
  if (all_known_services(scanner, run.targets, roles)) {
    confidence *= 0.5;
    scan.evidence.emplace_back(
        "note", EvidenceValue{std::string(
                    "every target is a known device contacted only on ports it serves")});
  }
  scan.confidence = clamp_confidence(confidence);
  return scan;
}

std::size_t distinct_targets(const WindowList& windows, std::size_t a, std::size_t b) {
  std::set<IpAddress> targets;
  for (const auto i : {a, b}) {
    for (const auto& t : windows[i]->targets) targets.insert(t.target);
  }
  return targets.size();
}

void find_sweeps(const DeviceKey& scanner, const WindowList& windows, const RoleIndex& roles,
                 const AnalysisConfig& config, std::vector<Scan>& out) {
  const auto runs = qualifying_runs(
      windows, config, config.sweep_min_targets,
      [&](std::size_t i) { return windows[i]->targets.size(); },
      [&](std::size_t a, std::size_t b) { return distinct_targets(windows, a, b); });
  for (const auto& indices : runs) {
    Run run;
    for (const auto i : indices) {
      absorb_window(*windows[i], run);
      for (const auto& t : windows[i]->targets) absorb_target(t, run.targets[t.target]);
    }
    out.push_back(make_scan(scanner, ScanKind::host_sweep, run, roles, config.sweep_min_targets));
  }
}

// The windows in which one target was contacted, with its entry in each.
struct TargetWindows {
  WindowList windows;
  std::vector<const ScanTargetPorts*> entries;
};

void find_port_scans(const DeviceKey& scanner, const WindowList& windows, const RoleIndex& roles,
                     const AnalysisConfig& config, std::vector<Scan>& out) {
  std::map<IpAddress, TargetWindows> by_target;
  for (const auto* w : windows) {
    for (const auto& t : w->targets) {
      auto& tw = by_target[t.target];
      tw.windows.push_back(w);
      tw.entries.push_back(&t);
    }
  }
  for (const auto& entry : by_target) {
    const IpAddress& address = entry.first;
    const TargetWindows& tw = entry.second;  // a named reference: lambdas may capture it
    const auto runs = qualifying_runs(
        tw.windows, config, config.port_scan_min_ports,
        [&](std::size_t i) { return tw.entries[i]->ports.size(); },
        [&](std::size_t a, std::size_t b) {
          std::set<std::uint16_t> ports(tw.entries[a]->ports.begin(), tw.entries[a]->ports.end());
          ports.insert(tw.entries[b]->ports.begin(), tw.entries[b]->ports.end());
          return ports.size();
        });
    for (const auto& indices : runs) {
      Run run;
      for (const auto i : indices) {
        absorb_window(*tw.windows[i], run);
        absorb_target(*tw.entries[i], run.targets[address]);
      }
      out.push_back(
          make_scan(scanner, ScanKind::port_scan, run, roles, config.port_scan_min_ports));
    }
  }
}

}  // namespace

std::vector<Scan> find_scans(const Summaries& summaries, const RoleIndex& roles,
                             const std::vector<Observation>& observations,
                             const AnalysisConfig& config) {
  std::vector<Scan> scans;
  for (const auto& [scanner, windows] : windows_by_device(summaries)) {
    find_sweeps(scanner, windows, roles, config, scans);
    find_port_scans(scanner, windows, roles, config, scans);
  }
  apply_threshold_random_walk(summaries, config, scans);
  name_scan_methods(observations, scans);
  auto arp = find_arp_sweeps(observations, config);
  scans.insert(scans.end(), std::make_move_iterator(arp.begin()),
               std::make_move_iterator(arp.end()));
  std::stable_sort(scans.begin(), scans.end(), [](const Scan& a, const Scan& b) {
    const auto first = [](const Scan& s) {
      return s.targets.empty() ? IpAddress{} : s.targets[0].address;
    };
    return std::tuple(a.scanner, a.start, a.kind, first(a)) <
           std::tuple(b.scanner, b.start, b.kind, first(b));
  });
  return scans;
}

}  // namespace iotscope
