#include "analyses/candidates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "analyses/evidence.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kMaxUnusualServerPorts = 3;
constexpr std::size_t kMaxUnusualPeerPorts = 2;

using Reason = CandidateReasons::Reason;
using Reasons = CandidateReasons::Map;

// The transports a device used locally towards each remote port, to print "tcp/80".
using LocalTransports = std::map<std::pair<DeviceKey, std::uint16_t>, std::set<Transport>>;

LocalTransports local_transports(const Summaries& summaries) {
  LocalTransports transports;
  for (const auto& s : summaries.remote_ports) {
    if (s.scope == PeerScope::local_device || s.scope == PeerScope::local_unknown) {
      transports[{s.device, s.port}].insert(s.transport);
    }
  }
  return transports;
}

std::string scan_port_text(const DeviceKey& device, std::uint16_t port,
                           const LocalTransports& transports) {
  const auto it = transports.find({device, port});
  if (it != transports.end() && it->second.size() == 1)
    return port_label(port, *it->second.begin());
  return fmt::format("port {}", port);
}

std::string ports_text(const Scan& scan, const LocalTransports& transports) {
  constexpr std::size_t kShown = 3;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < scan.ports.size() && i < kShown; ++i) {
    parts.push_back(scan_port_text(scan.scanner, scan.ports[i], transports));
  }
  std::string text = fmt::format("{}", fmt::join(parts, ", "));
  if (scan.ports.size() > kShown) text += fmt::format(" and {} more", scan.ports.size() - kShown);
  return text;
}

void add_scan_reasons(const AnalysisResult& found, const Summaries& summaries,
                      const DeviceLookup& directory, const CandidateWeights& weights,
                      Reasons& reasons) {
  const auto transports = local_transports(summaries);
  for (const auto& scan : found.scans) {
    if (scan.kind == ScanKind::host_sweep) {
      reasons[scan.scanner].push_back(
          {weights.host_sweep * scan.confidence,
           fmt::format("sweeps {} local addresses on {}", scan.targets.size(),
                       ports_text(scan, transports))});
    } else {
      const auto& target = scan.targets.front();
      const std::string whom = target.peer_device != 0
                                   ? directory.peer_label(scan.scanner, target.peer_device)
                                   : std::string("a local host that is no known device");
      reasons[scan.scanner].push_back(
          {weights.port_scan * scan.confidence,
           fmt::format("port-scans {} on {} ports", whom, scan.ports.size())});
    }
  }
}

void add_exposure_reasons(const AnalysisResult& found, const CandidateWeights& weights,
                          Reasons& reasons) {
  for (const auto& e : found.exposure) {
    const auto hosts = evidence_int(e.evidence, "distinct_external_hosts");
    const auto where = port_label(e.port, e.transport);
    if (e.kind == "inbound") {
      reasons[e.device].push_back({weights.inbound * e.confidence,
                                   fmt::format("serves {} to {} Internet hosts", where, hosts)});
    } else if (e.kind == "ntp_responder") {
      reasons[e.device].push_back(
          {weights.ntp_responder * e.confidence,
           fmt::format("answers NTP on {} for {} Internet hosts (amplification risk)", where,
                       hosts)});
    } else if (e.kind == "upnp_mapping" || e.kind == "natpmp_mapping" || e.kind == "pcp_mapping") {
      const std::string how = e.kind == "upnp_mapping"     ? "UPnP"
                              : e.kind == "natpmp_mapping" ? "NAT-PMP"
                                                           : "PCP";
      reasons[e.device].push_back(
          {weights.port_mapping * e.confidence,
           fmt::format("opened {} in the gateway's NAT with {}", where, how)});
    } else if (e.kind == "risky_service") {
      const std::string service = e.service.empty() ? where : e.service + " (" + where + ")";
      reasons[e.device].push_back({weights.risky_service * e.confidence,
                                   fmt::format("exposes {} to the Internet", service)});
    }
  }
}

void add_plaintext_reasons(const AnalysisResult& found, const RoleIndex& roles,
                           const CandidateWeights& weights, Reasons& reasons) {
  std::map<PortKey, std::set<std::uint64_t>> peers;
  for (const auto& entry : found.encryption) {
    if (entry.peer_scope != PeerScope::local_device ||
        entry.status != EncryptionStatus::plaintext ||
        !roles.serves(entry.device, entry.port, entry.transport)) {
      continue;
    }
    peers[{entry.device, entry.port, entry.transport}].insert(entry.peer_device);
  }
  for (const auto& [key, users] : peers) {
    const auto& [device, port, transport] = key;
    const auto service = service_info(port, transport).name;
    reasons[device].push_back(
        {weights.plaintext_served,
         fmt::format("serves plaintext {} on {} to {} local device{}", service,
                     port_label(port, transport), users.size(), users.size() == 1 ? "" : "s")});
  }
}

void add_unusual_port_reasons(const AnalysisResult& found, const CandidateWeights& weights,
                              Reasons& reasons) {
  std::map<DeviceKey, std::pair<std::size_t, std::size_t>> counted;  // servers, peers
  for (const auto& role : found.port_roles) {
    if (role.side != PortSide::local || !service_info(role.port, role.transport).name.empty()) {
      continue;
    }
    auto& [servers, peers] = counted[role.device];
    const auto where = port_label(role.port, role.transport);
    if (role.role == Role::server && servers < kMaxUnusualServerPorts) {
      ++servers;
      reasons[role.device].push_back(
          {weights.unusual_server_port * role.confidence,
           fmt::format("serves unusual port {} ({} clients)", where, role.scope)});
    } else if (role.role == Role::peer && peers < kMaxUnusualPeerPorts) {
      ++peers;
      reasons[role.device].push_back({weights.unusual_peer_port * role.confidence,
                                      fmt::format("talks on fixed peer port {}", where)});
    }
  }
}

// The thesis' finding: services offered to a probe that nobody uses are attack surface only.
void add_offered_unused_reasons(const ActiveMeasurement& active, const CandidateWeights& weights,
                                Reasons& reasons) {
  for (const auto& service : active.critical_unused) {
    reasons[service.device].push_back(
        {weights.critical_offered_unused,
         fmt::format("offers {} on {} and was never seen using it", service.service,
                     port_label(service.port, service.transport))});
  }
}

Candidate to_candidate(const DeviceKey& device, std::vector<Reason> reasons) {
  std::stable_sort(reasons.begin(), reasons.end(), [](const Reason& a, const Reason& b) {
    return a.points != b.points ? a.points > b.points : a.text < b.text;
  });
  Candidate candidate;
  candidate.device = device;
  for (auto& reason : reasons) {
    candidate.score += reason.points;
    candidate.reasons.push_back(std::move(reason.text));
  }
  return candidate;
}

}  // namespace

void CandidateReasons::collect(const Summaries& summaries, const AnalysisResult& found,
                               const RoleIndex& roles, const DeviceLookup& directory,
                               const CandidateWeights& weights) {
  add_scan_reasons(found, summaries, directory, weights, reasons_);
  add_exposure_reasons(found, weights, reasons_);
  add_plaintext_reasons(found, roles, weights, reasons_);
  add_unusual_port_reasons(found, weights, reasons_);
}

void CandidateReasons::add_offered_unused(const ActiveMeasurement& active,
                                          const CandidateWeights& weights) {
  add_offered_unused_reasons(active, weights, reasons_);
}

void CandidateReasons::merge(CandidateReasons&& other) {
  if (reasons_.empty()) {
    reasons_ = std::move(other.reasons_);
    return;
  }
  for (auto& [device, list] : other.reasons_) {
    auto& into = reasons_[device];
    into.insert(into.end(), std::make_move_iterator(list.begin()),
                std::make_move_iterator(list.end()));
  }
  other.reasons_ = {};
}

std::vector<Candidate> CandidateReasons::rank(const AnalysisConfig& config) && {
  std::vector<Candidate> candidates;
  for (auto& [device, list] : reasons_) {
    auto candidate = to_candidate(device, std::move(list));
    if (candidate.score > 0) candidates.push_back(std::move(candidate));
  }
  reasons_ = {};
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (candidates.size() > config.candidates) candidates.resize(config.candidates);
  return candidates;
}

std::vector<Candidate> rank_candidates(const Summaries& summaries, const AnalysisResult& found,
                                       const RoleIndex& roles, const DeviceLookup& directory,
                                       const AnalysisConfig& config,
                                       const CandidateWeights& weights) {
  CandidateReasons reasons;
  reasons.collect(summaries, found, roles, directory, weights);
  reasons.add_offered_unused(found.measurement.active, weights);
  return std::move(reasons).rank(config);
}

}  // namespace iotscope
