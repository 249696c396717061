#include "analyses/port_roles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analyses/analysis_keys.hpp"
#include "analyses/edge_spread.hpp"

namespace iotscope {
namespace {

// One device port (or one remote service port) with its scopes summed.
struct PortTally {
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  // Distinct ports on the other side, unicast scopes summed (their ports rarely overlap).
  std::uint64_t distinct_unicast_ports = 0;
  // Group traffic re-uses the ports of the unicast exchanges that follow it (an SSDP M-SEARCH
  // and the unicast replies to the same port), so it is a lower bound, not a summand.
  std::uint64_t distinct_group_ports = 0;
  std::uint64_t distinct_hosts = 0;
  InitiatorCounts initiators;
  ScopeMask scopes;
  // Set by refined(): the evidence after peer flows and fixed service ports are accounted for.
  std::uint64_t distinct_ports = 0;
  std::uint64_t flows_without_peer = 0;
  std::uint64_t low_ports = 0;  // other-side ports below 1024

  void add(const TrafficTotals& totals, std::uint32_t other_ports, std::uint32_t hosts,
           PeerScope scope) {
    flows += totals.flows;
    bytes += totals.bytes();
    if (scope == PeerScope::multicast_broadcast) {
      distinct_group_ports = std::max<std::uint64_t>(distinct_group_ports, other_ports);
    } else {
      distinct_unicast_ports += other_ports;
    }
    distinct_hosts += hosts;
    initiators += totals.initiators;
    if (totals.flows > 0) scopes.add(scope);
    distinct_ports = std::max(distinct_unicast_ports, distinct_group_ports);
    flows_without_peer = flows;
  }
};

struct KeyedTally {
  PortKey key;
  PortTally tally;
};
// Sorted by key, one item per key: built by sorting the summaries once instead of a tree
// lookup per summary.
using Tallies = std::vector<KeyedTally>;

std::function<bool(PeerScope)> role_scope_filter(const AnalysisConfig& config) {
  const bool multicast = config.roles_include_multicast;
  return
      [multicast](PeerScope scope) { return multicast || scope != PeerScope::multicast_broadcast; };
}

template <typename Summary, typename OtherPorts>
Tallies tally_ports(const std::vector<Summary>& summaries,
                    const std::function<bool(PeerScope)>& keep, OtherPorts other_ports) {
  std::vector<const Summary*> kept;
  kept.reserve(summaries.size());
  for (const auto& s : summaries) {
    if (keep(s.scope) && s.port != 0) kept.push_back(&s);  // port 0: folded single-use ports
  }
  const auto key_of = [](const Summary* s) { return PortKey{s->device, s->port, s->transport}; };
  const auto by_key = [&](const Summary* a, const Summary* b) { return key_of(a) < key_of(b); };
  // The engine usually hands the summaries over in key order already.
  if (!std::is_sorted(kept.begin(), kept.end(), by_key)) {
    std::stable_sort(kept.begin(), kept.end(), by_key);
  }
  std::size_t distinct_keys = 0;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i == 0 || !(key_of(kept[i]) == key_of(kept[i - 1]))) ++distinct_keys;
  }
  Tallies tallies;
  tallies.reserve(distinct_keys);
  for (const Summary* s : kept) {
    const PortKey key = key_of(s);
    if (tallies.empty() || !(tallies.back().key == key)) tallies.push_back({key, {}});
    tallies.back().tally.add(s->totals, other_ports(*s), s->distinct_remote_hosts, s->scope);
  }
  return tallies;
}

Tallies tally_local_ports(const Summaries& summaries, const std::function<bool(PeerScope)>& keep) {
  return tally_ports(summaries.local_ports, keep,
                     [](const LocalPortSummary& s) { return s.distinct_remote_ports; });
}

Tallies tally_remote_ports(const Summaries& summaries, const std::function<bool(PeerScope)>& keep) {
  return tally_ports(summaries.remote_ports, keep,
                     [](const RemotePortSummary& s) { return s.distinct_local_ports; });
}

PortRoleFacts tally_facts(const PortTally& tally, std::string_view rule) {
  PortRoleFacts facts;
  facts.rule = rule;
  facts.flows = tally.flows;
  facts.other_ports = tally.distinct_ports;
  facts.other_hosts = tally.distinct_hosts;
  facts.initiated_by_device = tally.initiators.device;
  facts.initiated_by_remote = tally.initiators.remote;
  facts.initiator_unknown = tally.initiators.unknown;
  facts.bytes = tally.bytes;
  return facts;
}

// Confidence of a role decided by who opened the flows: high, scaled by how one-sided it was.
double initiator_confidence(std::uint64_t for_role, std::uint64_t against_role) {
  const double share = static_cast<double>(for_role) / static_cast<double>(for_role + against_role);
  return clamp_confidence((0.7 + 0.3 * saturate(static_cast<double>(for_role), 10)) * share);
}

// Confidence of a role decided by port spread: grows with distinct ports beyond the threshold
// and with the number of distinct hosts behind them.
double spread_confidence(const PortTally& tally, std::uint32_t threshold) {
  const double beyond = static_cast<double>(tally.distinct_ports) - threshold;
  return clamp_confidence(0.5 + 0.3 * saturate(beyond, 2.0 * threshold) +
                          0.2 * saturate(static_cast<double>(tally.distinct_hosts) - 1, 4));
}

// Takes out what the edges show is no fan-in evidence: flows with the same number on both
// sides (and that number from the distinct count), and counts the fixed service ports among the
// other side's ports.
PortTally refined(const PortTally& tally, const EdgeSpreads& spreads, const PortKey& key) {
  PortTally t = tally;
  const auto it = spreads.find(key);
  if (it == spreads.end()) return t;
  const auto& spread = it->second;
  const auto less_one_if = [](std::uint64_t count, bool seen) {
    return seen && count > 0 ? count - 1 : count;
  };
  const std::uint64_t unicast =
      less_one_if(t.distinct_unicast_ports, spread.same_port_flows > spread.same_port_group_flows);
  const std::uint64_t group = less_one_if(t.distinct_group_ports, spread.same_port_group_flows > 0);
  t.distinct_ports = std::max(unicast, group);
  t.flows_without_peer -= std::min(t.flows_without_peer, spread.same_port_flows);
  t.low_ports = spread.low_ports.size();
  return t;
}

bool ephemeral_enough(const PortTally& t, const AnalysisConfig& config) {
  return static_cast<double>(t.low_ports) <=
         (1.0 - config.min_ephemeral_port_fraction) * static_cast<double>(t.distinct_ports);
}

PortRole make_role(const PortKey& key, Role role, PortSide side, const PortTally& tally) {
  PortRole result;
  result.device = std::get<0>(key);
  result.port = std::get<1>(key);
  result.transport = std::get<2>(key);
  result.role = role;
  result.side = side;
  result.scope = tally.scopes.name();
  return result;
}

bool opened_mostly_by_device(const InitiatorCounts& i) {
  return i.device > i.remote + i.unknown;
}
bool opened_mostly_by_remote(const InitiatorCounts& i) {
  return i.remote > i.device + i.unknown;
}

bool server_candidate(const PortTally& t, const AnalysisConfig& config) {
  return !opened_mostly_by_device(t.initiators) &&
         t.distinct_ports >= config.server_min_distinct_remote_ports;
}

bool client_candidate(const PortTally& t, const AnalysisConfig& config) {
  return !opened_mostly_by_remote(t.initiators) &&
         t.distinct_ports >= config.client_min_distinct_local_ports;
}

bool fan_in_holds(const PortTally& t, const AnalysisConfig& config) {
  return server_candidate(t, config) &&
         static_cast<double>(t.distinct_ports) >=
             config.server_min_remote_port_ratio * static_cast<double>(t.flows_without_peer) &&
         ephemeral_enough(t, config);
}

void add_servers(const Tallies& tallies, const EdgeSpreads& spreads, const AnalysisConfig& config,
                 std::vector<PortRole>& out) {
  for (const auto& [key, tally] : tallies) {
    const auto& i = tally.initiators;
    const auto t = refined(tally, spreads, key);
    // Known openers settle the direction; the clients must still have used many ports.
    if (i.remote >= config.server_min_initiated_flows && i.remote >= i.device &&
        t.distinct_ports >= config.server_min_distinct_remote_ports) {
      auto role = make_role(key, Role::server, PortSide::local, t);
      role.confidence = initiator_confidence(i.remote, i.device);
      role.facts = tally_facts(t, "initiator");
      out.push_back(std::move(role));
    } else if (fan_in_holds(t, config)) {
      auto role = make_role(key, Role::server, PortSide::local, t);
      role.confidence = spread_confidence(t, config.server_min_distinct_remote_ports);
      role.facts = tally_facts(t, "fan-in");
      out.push_back(std::move(role));
    }
  }
}

void add_clients(const Tallies& tallies, const EdgeSpreads& spreads, const AnalysisConfig& config,
                 std::vector<PortRole>& out) {
  for (const auto& [key, tally] : tallies) {
    const auto t = refined(tally, spreads, key);
    if (!client_candidate(t, config)) continue;
    const auto& i = t.initiators;
    const bool by_initiator = i.device >= config.client_min_initiated_flows && i.device >= i.remote;
    if (!by_initiator && !ephemeral_enough(t, config)) continue;
    auto role = make_role(key, Role::client, PortSide::remote, t);
    role.confidence = by_initiator ? initiator_confidence(i.device, i.remote)
                                   : spread_confidence(t, config.client_min_distinct_local_ports);
    role.facts = tally_facts(t, by_initiator ? "initiator" : "fan-out");
    out.push_back(std::move(role));
  }
}

struct PeerTally {
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  InitiatorCounts initiators;
  std::set<std::uint64_t> peer_devices;
  ScopeMask scopes;
};

void add_peers(const Summaries& summaries, const std::function<bool(PeerScope)>& keep,
               const AnalysisConfig& config, std::vector<PortRole>& out) {
  std::map<PortKey, PeerTally> peers;
  for (const auto& e : summaries.edges) {
    if (e.local_port != e.remote_port || e.local_port == 0 || !keep(e.scope)) continue;
    auto& p = peers[{e.device, e.local_port, e.transport}];
    p.flows += e.flows;
    p.bytes += e.bytes;
    p.initiators += e.initiators;
    if (e.peer_device != 0) p.peer_devices.insert(e.peer_device);
    p.scopes.add(e.scope);
  }
  for (const auto& [key, p] : peers) {
    if (p.flows < config.peer_min_flows) continue;
    PortRole role;
    role.device = std::get<0>(key);
    role.port = std::get<1>(key);
    role.transport = std::get<2>(key);
    role.role = Role::peer;
    role.side = PortSide::local;
    role.scope = p.scopes.name();
    role.confidence = clamp_confidence(0.6 + 0.4 * saturate(static_cast<double>(p.flows), 10));
    role.facts.rule = "fixed ports";
    role.facts.flows = p.flows;
    role.facts.other_ports = 1;
    role.facts.other_hosts = p.peer_devices.size();
    role.facts.initiated_by_device = p.initiators.device;
    role.facts.initiated_by_remote = p.initiators.remote;
    role.facts.initiator_unknown = p.initiators.unknown;
    role.facts.bytes = p.bytes;
    out.push_back(std::move(role));
  }
}

template <typename Predicate>
std::set<PortKey> keys_where(const Tallies& tallies, Predicate predicate) {
  std::set<PortKey> keys;
  for (const auto& [key, tally] : tallies) {
    if (predicate(tally)) keys.insert(keys.end(), key);  // tallies are sorted
  }
  return keys;
}

}  // namespace

std::vector<PortRole> find_port_roles(const Summaries& summaries, const AnalysisConfig& config) {
  const auto keep = role_scope_filter(config);
  const auto local = tally_local_ports(summaries, keep);
  const auto remote = tally_remote_ports(summaries, keep);
  const auto server_spreads = edge_spreads(
      summaries.edges,
      keys_where(local, [&](const PortTally& t) { return server_candidate(t, config); }),
      KeySide::local_port, keep);
  const auto client_spreads = edge_spreads(
      summaries.edges,
      keys_where(remote, [&](const PortTally& t) { return client_candidate(t, config); }),
      KeySide::remote_port, keep);

  std::vector<PortRole> roles;
  add_servers(local, server_spreads, config, roles);
  add_clients(remote, client_spreads, config, roles);
  add_peers(summaries, keep, config, roles);
  std::sort(roles.begin(), roles.end(), [](const PortRole& a, const PortRole& b) {
    return std::tie(a.device, a.port, a.transport, a.side, a.role) <
           std::tie(b.device, b.port, b.transport, b.side, b.role);
  });
  return roles;
}

}  // namespace iotscope
