#include "engine/partition_reducer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <tuple>
#include <vector>

#include "engine/traffic_accumulator.hpp"

namespace iotscope {
namespace {

using Index = std::uint32_t;
constexpr std::size_t kTransports = 4;
constexpr std::size_t kScopes = 4;

bool is_local_scope(PeerScope scope) {
  return scope != PeerScope::external;
}

bool is_benign_port(std::uint16_t port) {
  return std::find(kBenignPorts.begin(), kBenignPorts.end(), port) != kBenignPorts.end();
}

// The state one reduction pass shares: the flows and which of their ports are single-use.
struct Partition {
  std::span<const PackedFlow> flows;
  std::vector<bool> local_single;
  std::vector<bool> remote_single;
  const PackedFlow& at(Index i) const { return flows[i]; }
};

// Port 0 entries of one device, one per (transport, scope), for the folded single-use ports.
template <typename Summary>
struct FoldedPorts {
  std::array<std::array<Summary, kScopes>, kTransports> entries{};
  std::array<std::array<DistinctCounter, kScopes>, kTransports> ports;
  std::array<std::array<DistinctCounter, kScopes>, kTransports> hosts;

  void emit(const DeviceKey& device, std::vector<Summary>& out);
};

void set_distinct(LocalPortSummary& summary, std::uint32_t ports, std::uint32_t hosts) {
  summary.distinct_remote_ports = ports;
  summary.distinct_remote_hosts = hosts;
}

void set_distinct(RemotePortSummary& summary, std::uint32_t ports, std::uint32_t hosts) {
  summary.distinct_local_ports = ports;
  summary.distinct_remote_hosts = hosts;
}

template <typename Summary>
void FoldedPorts<Summary>::emit(const DeviceKey& device, std::vector<Summary>& out) {
  for (std::size_t t = 0; t < kTransports; ++t) {
    for (std::size_t s = 0; s < kScopes; ++s) {
      Summary& entry = entries[t][s];
      if (entry.totals.flows == 0) continue;
      entry.device = device;
      entry.port = 0;
      entry.transport = static_cast<Transport>(t);
      entry.scope = static_cast<PeerScope>(s);
      set_distinct(entry, ports[t][s].count_and_clear(), hosts[t][s].count_and_clear());
      out.push_back(entry);
      entry = Summary{};
    }
  }
}

// Which side a port reduction looks at: the device's own port or the remote one.
struct LocalSide {
  using Summary = LocalPortSummary;
  static std::uint16_t port(const PackedFlow& f) { return f.local_port; }
  static std::uint16_t other_port(const PackedFlow& f) { return f.remote_port; }
  // A local port used once and not opened by the remote side is a client's ephemeral port.
  static bool single_use(const TrafficTotals& t) {
    return t.flows == 1 && t.initiators.remote == 0;
  }
};

struct RemoteSide {
  using Summary = RemotePortSummary;
  static std::uint16_t port(const PackedFlow& f) { return f.remote_port; }
  static std::uint16_t other_port(const PackedFlow& f) { return f.local_port; }
  static bool single_use(const TrafficTotals& t) {
    return t.flows == 1 && t.initiators.device == 0;
  }
};

template <typename Side>
auto port_key(const PackedFlow& f) {
  return std::make_tuple(f.device.home, f.device.device, Side::port(f), f.transport, f.scope);
}

// Groups flows by (device, port, transport, scope), folds single-use ports into port 0, and
// records which flows were folded.
template <typename Side>
std::vector<typename Side::Summary> reduce_ports(const Partition& part, std::vector<Index> order,
                                                 std::vector<bool>& single_out) {
  using Summary = typename Side::Summary;
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return port_key<Side>(part.at(a)) < port_key<Side>(part.at(b));
  });
  std::vector<Summary> out;
  FoldedPorts<Summary> folded;
  std::vector<Summary> device_entries;
  DistinctCounter ports;
  DistinctCounter hosts;
  std::size_t i = 0;
  while (i < order.size()) {
    const PackedFlow& first = part.at(order[i]);
    std::size_t end = i;
    TrafficTotals totals;
    while (end < order.size() && port_key<Side>(part.at(order[end])) == port_key<Side>(first)) {
      add_flow(totals, part.at(order[end]));
      ++end;
    }
    const bool single = Side::single_use(totals) || Side::port(first) == 0;
    const auto t = static_cast<std::size_t>(first.transport);
    const auto s = static_cast<std::size_t>(first.scope);
    for (std::size_t k = i; k < end; ++k) {
      const PackedFlow& f = part.at(order[k]);
      single_out[order[k]] = single;
      (single ? folded.ports[t][s] : ports).add(Side::other_port(f));
      (single ? folded.hosts[t][s] : hosts).add(f.remote_ip.hash());
      if (single) add_flow(folded.entries[t][s].totals, f);
    }
    if (!single) {
      Summary entry;
      entry.device = first.device;
      entry.port = Side::port(first);
      entry.transport = first.transport;
      entry.scope = first.scope;
      entry.totals = totals;
      set_distinct(entry, ports.count_and_clear(), hosts.count_and_clear());
      device_entries.push_back(entry);
    }
    const bool device_ends = end == order.size() || part.at(order[end]).device != first.device;
    if (device_ends) {
      folded.emit(first.device, out);  // port 0 sorts before every real port
      out.insert(out.end(), device_entries.begin(), device_entries.end());
      device_entries.clear();
    }
    i = end;
  }
  return out;
}

std::vector<EdgeSummary> reduce_edges(const Partition& part, std::vector<Index> order) {
  const auto key = [&](Index i) {
    const PackedFlow& f = part.at(i);
    const std::uint16_t local = part.local_single[i] ? 0 : f.local_port;
    const std::uint16_t remote = part.remote_single[i] ? 0 : f.remote_port;
    return std::make_tuple(f.device.home, f.device.device, local, remote, f.transport, f.scope,
                           f.peer_device);
  };
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return key(a) < key(b); });
  std::vector<EdgeSummary> out;
  for (std::size_t i = 0; i < order.size();) {
    const auto group = key(order[i]);
    EdgeSummary edge;
    std::tie(std::ignore, std::ignore, edge.local_port, edge.remote_port, edge.transport,
             edge.scope, edge.peer_device) = group;
    edge.device = part.at(order[i]).device;
    for (; i < order.size() && key(order[i]) == group; ++i) {
      const PackedFlow& f = part.at(order[i]);
      ++edge.flows;
      edge.bytes += f.bytes_out + f.bytes_in;
      edge.initiators.count(f.initiator);
    }
    out.push_back(edge);
  }
  return out;
}

bool counts_for_scans(const Partition& part, Index i) {
  const PackedFlow& f = part.at(i);
  if (f.scope != PeerScope::local_device && f.scope != PeerScope::local_unknown) return false;
  if (f.remote_ip.is_multicast() || f.remote_ip.is_broadcast()) return false;
  if (is_benign_port(f.local_port) || is_benign_port(f.remote_port)) return false;
  return f.initiator == Initiator::device ||
         (f.initiator == Initiator::unknown && part.local_single[i]);
}

ScanTargetPorts collect_target(const Partition& part, const std::vector<Index>& order,
                               std::size_t begin, std::size_t end) {
  ScanTargetPorts target;
  target.target = part.at(order[begin]).remote_ip;
  target.peer_device = part.at(order[begin]).peer_device;
  for (std::size_t k = begin; k < end; ++k) {
    const PackedFlow& f = part.at(order[k]);
    target.ports.push_back(f.remote_port);
    ++target.flows;
    if (f.state != ConnState::unknown) ++target.flows_outcome_known;
    if (f.state == ConnState::rejected || f.state == ConnState::no_reply) {
      ++target.flows_rejected_or_unanswered;
    }
  }
  std::sort(target.ports.begin(), target.ports.end());
  target.ports.erase(std::unique(target.ports.begin(), target.ports.end()), target.ports.end());
  return target;
}

std::vector<ScanWindowSummary> reduce_scan_windows(const Partition& part,
                                                   const std::vector<Index>& all,
                                                   double window_seconds) {
  std::vector<Index> order;
  for (const Index i : all) {
    if (counts_for_scans(part, i)) order.push_back(i);
  }
  const auto window_of = [&](Index i) {
    return std::floor(part.at(i).first_ts / window_seconds) * window_seconds;
  };
  const auto window_key = [&](Index i) {
    const PackedFlow& f = part.at(i);
    return std::make_tuple(f.device.home, f.device.device, window_of(i));
  };
  const auto target_key = [&](Index i) {
    return std::make_tuple(window_key(i), part.at(i).remote_ip);
  };
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return target_key(a) < target_key(b); });
  std::vector<ScanWindowSummary> out;
  std::size_t i = 0;
  while (i < order.size()) {
    ScanWindowSummary window;
    window.device = part.at(order[i]).device;
    window.window_start = window_of(order[i]);
    window.first_ts = part.at(order[i]).first_ts;
    window.last_ts = part.at(order[i]).last_ts;
    const auto this_window = window_key(order[i]);
    while (i < order.size() && window_key(order[i]) == this_window) {
      std::size_t end = i;
      for (; end < order.size() && target_key(order[end]) == target_key(order[i]); ++end) {
        window.first_ts = std::min(window.first_ts, part.at(order[end]).first_ts);
        window.last_ts = std::max(window.last_ts, part.at(order[end]).last_ts);
      }
      window.targets.push_back(collect_target(part, order, i, end));
      i = end;
    }
    out.push_back(std::move(window));
  }
  return out;
}

// Per device: totals by scope class and distinct peers; `order` is sorted by device.
std::vector<DeviceActivity> reduce_devices(const Partition& part, const std::vector<Index>& order) {
  std::vector<DeviceActivity> out;
  DistinctCounter external_hosts;
  DistinctCounter local_peers;
  for (std::size_t i = 0; i < order.size();) {
    DeviceActivity activity;
    activity.device = part.at(order[i]).device;
    for (; i < order.size() && part.at(order[i]).device == activity.device; ++i) {
      const PackedFlow& f = part.at(order[i]);
      if (is_local_scope(f.scope)) {
        add_flow(activity.local, f);
        if (f.scope != PeerScope::multicast_broadcast) local_peers.add(f.remote_ip.hash());
      } else {
        add_flow(activity.external, f);
        external_hosts.add(f.remote_ip.hash());
      }
    }
    activity.distinct_external_hosts = external_hosts.count_and_clear();
    activity.distinct_local_peers = local_peers.count_and_clear();
    out.push_back(activity);
  }
  return out;
}

void add_totals(Summaries& out, const Partition& part) {
  for (const PackedFlow& f : part.flows) {
    auto& histogram =
        is_local_scope(f.scope) ? out.bytes_per_flow_local : out.bytes_per_flow_external;
    ++histogram.flows[BytesHistogram::bucket_of(f.bytes_out + f.bytes_in)];
    if (out.flows == 0 || f.first_ts < out.first_ts) out.first_ts = f.first_ts;
    if (out.flows == 0 || f.last_ts > out.last_ts) out.last_ts = f.last_ts;
    ++out.flows;
  }
}

}  // namespace

Summaries reduce_partition(std::span<const PackedFlow> flows, const EngineConfig& config) {
  Partition part{flows, std::vector<bool>(flows.size()), std::vector<bool>(flows.size())};
  std::vector<Index> order(flows.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(),
            [&](Index a, Index b) { return part.at(a).device < part.at(b).device; });

  Summaries out;
  out.local_ports = reduce_ports<LocalSide>(part, order, part.local_single);
  out.remote_ports = reduce_ports<RemoteSide>(part, order, part.remote_single);
  out.edges = reduce_edges(part, order);
  out.scan_windows = reduce_scan_windows(part, order, config.scan_window_seconds);
  out.devices = reduce_devices(part, order);
  add_totals(out, part);
  return out;
}

}  // namespace iotscope
