#include "analyses/scan_outcomes.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>

#include "analyses/evidence.hpp"
#include "analyses/observation_fields.hpp"
#include "analyses/threshold_random_walk.hpp"

namespace iotscope {
namespace {

struct FirstContact {
  IpAddress address;
  std::uint64_t peer_device = 0;
  bool succeeded = false;
  double ts = 0;
  std::vector<std::uint16_t> ports;
};

// Each distinct target once, at its first window, in time order; targets whose outcome no
// source knew are left out (they are no evidence either way).
std::vector<FirstContact> first_contacts(std::vector<const ScanWindowSummary*> windows) {
  std::stable_sort(windows.begin(), windows.end(),
                   [](const auto* a, const auto* b) { return a->window_start < b->window_start; });
  std::vector<FirstContact> contacts;
  std::set<IpAddress> seen;
  for (const auto* w : windows) {
    for (const auto& t : w->targets) {
      if (t.flows_outcome_known == 0 || !seen.insert(t.target).second) continue;
      contacts.push_back({t.target, t.peer_device,
                          t.flows_rejected_or_unanswered < t.flows_outcome_known, w->first_ts,
                          t.ports});
    }
  }
  return contacts;
}

std::string_view decision_name(TrwDecision decision) {
  switch (decision) {
    case TrwDecision::scanner:
      return "scanner";
    case TrwDecision::benign:
      return "benign";
    case TrwDecision::pending:
      break;
  }
  return "pending";
}

void add_walk_evidence(const TrwOutcome& walk, Scan& scan) {
  scan.evidence.emplace_back("trw_decision",
                             EvidenceValue{std::string(decision_name(walk.decision))});
  scan.evidence.emplace_back("trw_failed_first_contacts", evidence_count(walk.failures));
  scan.evidence.emplace_back("trw_successful_first_contacts", evidence_count(walk.successes));
  if (walk.decision == TrwDecision::scanner) {
    scan.evidence.emplace_back("trw_decided_after_targets", evidence_count(walk.decided_after));
    scan.confidence = std::max(scan.confidence, 0.9);
  }
}

Scan sweep_from_walk(const DeviceKey& device, const std::vector<FirstContact>& contacts,
                     const TrwOutcome& walk) {
  Scan scan;
  scan.scanner = device;
  scan.kind = ScanKind::host_sweep;
  std::set<std::uint16_t> ports;
  scan.start = contacts.front().ts;
  scan.end = contacts.front().ts;
  for (const auto& c : contacts) {
    scan.targets.push_back({c.address, c.peer_device});
    ports.insert(c.ports.begin(), c.ports.end());
    scan.start = std::min(scan.start, c.ts);
    scan.end = std::max(scan.end, c.ts);
  }
  std::sort(scan.targets.begin(), scan.targets.end(),
            [](const ScanTarget& a, const ScanTarget& b) { return a.address < b.address; });
  scan.ports.assign(ports.begin(), ports.end());
  scan.evidence = {{"targets", evidence_count(scan.targets.size())},
                   {"ports", evidence_ports(scan.ports)}};
  scan.confidence = 0.9;
  add_walk_evidence(walk, scan);
  return scan;
}

// The probe styles a scan_probes observation counts, most telling first.
constexpr std::array<std::string_view, 7> kProbeStyles{"syn",  "connect", "fin", "null",
                                                       "xmas", "udp",     "tcp"};

std::string dominant_style(const std::map<std::string, std::uint64_t>& counts) {
  std::string best;
  std::uint64_t best_count = 0;
  for (const auto style : kProbeStyles) {
    const auto it = counts.find(std::string(style));
    // "tcp" (a SYN that met a closed port: connect or SYN scan alike) names the method only
    // when nothing more telling was seen.
    const bool ambiguous = style == "tcp";
    if (it == counts.end() || it->second == 0 || (ambiguous && !best.empty())) continue;
    if (it->second > best_count) {
      best = std::string(style);
      best_count = it->second;
    }
  }
  return best;
}

}  // namespace

void apply_threshold_random_walk(const Summaries& summaries, const AnalysisConfig& config,
                                 std::vector<Scan>& scans) {
  std::map<DeviceKey, std::vector<const ScanWindowSummary*>> by_device;
  for (const auto& w : summaries.scan_windows) by_device[w.device].push_back(&w);
  for (const auto& [device, windows] : by_device) {
    const auto contacts = first_contacts(windows);
    if (contacts.empty()) continue;
    std::vector<bool> outcomes;
    outcomes.reserve(contacts.size());
    for (const auto& c : contacts) outcomes.push_back(c.succeeded);
    const TrwOutcome walk = threshold_random_walk(outcomes, config.trw);
    bool has_sweep = false;
    for (auto& scan : scans) {
      if (scan.scanner != device) continue;
      add_walk_evidence(walk, scan);
      has_sweep = has_sweep || scan.kind == ScanKind::host_sweep;
    }
    if (walk.decision == TrwDecision::scanner && !has_sweep) {
      scans.push_back(sweep_from_walk(device, contacts, walk));
    }
  }
}

void name_scan_methods(const std::vector<Observation>& observations, std::vector<Scan>& scans) {
  std::map<DeviceKey, std::vector<const Observation*>> probes;
  for (const auto& o : observations) {
    if (o.kind == "scan_probes") probes[o.device].push_back(&o);
  }
  for (auto& scan : scans) {
    if (!scan.method.empty()) continue;
    const auto it = probes.find(scan.scanner);
    if (it == probes.end()) continue;
    std::map<std::string, std::uint64_t> counts;
    for (const auto* o : it->second) {
      const double window_end = field_number(*o, "window_end", o->ts);
      if (window_end < scan.start || o->ts > scan.end) continue;
      for (const auto style : kProbeStyles)
        counts[std::string(style)] += field_count(*o, std::string(style));
    }
    scan.method = dominant_style(counts);
  }
}

}  // namespace iotscope
