#include "analyses/exposure.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "analyses/analysis_keys.hpp"
#include "analyses/edge_spread.hpp"
#include "analyses/evidence.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kNtp = 123;

bool is_external(PeerScope scope) {
  return scope == PeerScope::external;
}

bool opened_from_internet(const LocalPortSummary& s, const AnalysisConfig& config) {
  const auto& i = s.totals.initiators;
  return i.remote >= config.inbound_min_initiated_flows && i.remote >= i.device && i.remote > 0;
}

// Many Internet hosts and many remote ports against the port: worth reading the edges for.
bool fan_in_counts(const LocalPortSummary& s, const AnalysisConfig& config) {
  const auto& i = s.totals.initiators;
  return i.device <= i.remote + i.unknown &&
         s.distinct_remote_hosts >= config.inbound_min_distinct_remote_hosts &&
         s.distinct_remote_ports >= config.server_min_distinct_remote_ports;
}

// The seeds' fan-in: many client ports per flow. Remote ports below 1024 say nothing about
// inbound reachability (NTP polls from 123, DNS replies from 53 come back to the device's port
// from a fixed service port), nor do same-number peer flows (123<->123); the edges show both.
bool fan_in_holds(const LocalPortSummary& s, const EdgeSpreads& spreads,
                  const AnalysisConfig& config) {
  double ports = s.distinct_remote_ports;
  double flows = static_cast<double>(s.totals.flows);
  const auto it = spreads.find({s.device, s.port, s.transport});
  if (it != spreads.end()) {
    const auto& spread = it->second;
    ports -= static_cast<double>(spread.low_ports.size());
    if (spread.same_port_flows > 0) {
      ports -= 1;
      flows -= static_cast<double>(spread.same_port_flows);
    }
  }
  return ports >= config.server_min_distinct_remote_ports &&
         ports >= config.server_min_remote_port_ratio * flows;
}

Evidence exposure_evidence(const LocalPortSummary& s, const char* rule) {
  const auto& i = s.totals.initiators;
  return {
      {"rule", EvidenceValue{std::string(rule)}},
      {"distinct_external_hosts", evidence_count(s.distinct_remote_hosts)},
      {"distinct_remote_ports", evidence_count(s.distinct_remote_ports)},
      {"flows", evidence_count(s.totals.flows)},
      {"bytes", evidence_count(s.totals.bytes())},
      {"initiated_by_remote", evidence_count(i.remote)},
      {"initiated_by_device", evidence_count(i.device)},
      {"initiator_unknown", evidence_count(i.unknown)},
  };
}

double fan_in_confidence(const LocalPortSummary& s, const AnalysisConfig& config) {
  const double hosts_beyond = static_cast<double>(s.distinct_remote_hosts) -
                              static_cast<double>(config.inbound_min_distinct_remote_hosts);
  const double ports_beyond = static_cast<double>(s.distinct_remote_ports) -
                              static_cast<double>(config.server_min_distinct_remote_ports);
  return clamp_confidence(
      0.55 + 0.25 * saturate(hosts_beyond, 3.0 * config.inbound_min_distinct_remote_hosts) +
      0.2 * saturate(ports_beyond, 2.0 * config.server_min_distinct_remote_ports));
}

double initiator_confidence(const LocalPortSummary& s) {
  const auto& i = s.totals.initiators;
  const double share =
      static_cast<double>(i.remote) / static_cast<double>(i.remote + i.device + i.unknown);
  return clamp_confidence(0.8 + 0.2 * share);
}

Exposure make_exposure(const LocalPortSummary& s, std::string kind, double confidence,
                       const char* rule) {
  Exposure e;
  e.device = s.device;
  e.port = s.port;
  e.transport = s.transport;
  e.kind = std::move(kind);
  e.service = std::string(service_info(s.port, s.transport).name);
  e.confidence = confidence;
  e.evidence = exposure_evidence(s, rule);
  return e;
}

void add_findings(const LocalPortSummary& s, bool by_initiator, const AnalysisConfig& config,
                  std::vector<Exposure>& out) {
  const double confidence = by_initiator ? initiator_confidence(s) : fan_in_confidence(s, config);
  const char* rule = by_initiator ? "initiator" : "fan-in";
  if (s.port == kNtp && s.transport == Transport::udp) {
    out.push_back(make_exposure(s, "ntp_responder", confidence, rule));
    return;
  }
  out.push_back(make_exposure(s, "inbound", confidence, rule));
  if (is_risky_service_port(s.port)) {
    auto risky = make_exposure(s, "risky_service", confidence, rule);
    risky.evidence.emplace_back(
        "why", EvidenceValue{std::string("service commonly attacked when reachable from the "
                                         "Internet")});
    out.push_back(std::move(risky));
  }
}

}  // namespace

std::vector<Exposure> find_exposure(const Summaries& summaries, const AnalysisConfig& config) {
  std::set<PortKey> fan_in_keys;
  for (const auto& s : summaries.local_ports) {
    if (is_external(s.scope) && s.port != 0 && fan_in_counts(s, config)) {
      fan_in_keys.insert({s.device, s.port, s.transport});
    }
  }
  const auto spreads = edge_spreads(summaries.edges, fan_in_keys, KeySide::local_port, is_external);

  std::vector<Exposure> found;
  for (const auto& s : summaries.local_ports) {
    if (!is_external(s.scope) || s.port == 0) continue;  // 0: folded single-use ports
    if (opened_from_internet(s, config)) {
      add_findings(s, true, config, found);
    } else if (fan_in_counts(s, config) && fan_in_holds(s, spreads, config)) {
      add_findings(s, false, config, found);
    }
  }
  std::sort(found.begin(), found.end(), [](const Exposure& a, const Exposure& b) {
    return std::tie(a.device, a.port, a.transport, a.kind) <
           std::tie(b.device, b.port, b.transport, b.kind);
  });
  return found;
}

}  // namespace iotscope
