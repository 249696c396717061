#include "analyses/device_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "analyses/analysis_keys.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

using Volume = LabelEdgeTally::Volume;

enum class GraphScope : std::uint8_t { local, external };

bool in_scope(PeerScope scope, GraphScope graph_scope) {
  return graph_scope == GraphScope::local ? is_local_scope(scope) : scope == PeerScope::external;
}

const char* scope_name(GraphScope scope) {
  return scope == GraphScope::local ? "local" : "external";
}

// Port 0 is the engine's fold of single-use (ephemeral) ports.
std::string port_node(std::uint16_t port) {
  return port == 0 ? std::string("ephemeral") : std::to_string(port);
}

// The `limit` keys with most flows, ties by key.
template <typename Key>
std::vector<Key> top_by_flows(const std::map<Key, Volume>& volumes, std::size_t limit) {
  std::vector<std::pair<Key, Volume>> ranked(volumes.begin(), volumes.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second.flows > b.second.flows; });
  std::vector<Key> keys;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) keys.push_back(ranked[i].first);
  return keys;
}

std::vector<LabelCount> to_label_counts(const std::map<std::string, Volume>& volumes) {
  std::vector<LabelCount> counts;
  counts.reserve(volumes.size());
  for (const auto& [key, v] : volumes) counts.push_back({key, v.flows, v.bytes});
  std::stable_sort(counts.begin(), counts.end(),
                   [](const LabelCount& a, const LabelCount& b) { return a.flows > b.flows; });
  return counts;
}

}  // namespace

std::vector<GraphEdge> local_graph_edges(const Summaries& summaries) {
  const auto local = std::count_if(summaries.edges.begin(), summaries.edges.end(),
                                   [](const EdgeSummary& e) { return is_local_scope(e.scope); });
  std::vector<GraphEdge> edges;
  edges.reserve(static_cast<std::size_t>(local));
  for (const auto& e : summaries.edges) {
    if (!is_local_scope(e.scope)) continue;
    edges.push_back(
        {e.device, e.local_port, e.remote_port, e.transport, e.peer_device, e.flows, e.bytes});
  }
  std::sort(edges.begin(), edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return std::tie(a.device, a.local_port, a.remote_port, a.transport, a.peer_device) <
           std::tie(b.device, b.local_port, b.remote_port, b.transport, b.peer_device);
  });
  return edges;
}

namespace {

// For each kept local port, the remote ports that keep their own node.
using KeptRemotePorts = std::map<std::uint16_t, std::set<std::uint16_t>>;

struct SankeyCut {
  KeptRemotePorts kept;
  std::size_t local_ports = 0;
  Volume total;
  Volume kept_volume;
};

SankeyCut cut_sankey(const LabelEdgeTally::Table& edges, GraphScope scope,
                     const AnalysisConfig& config) {
  // Dense per-port tallies: a tree lookup per edge was the cost here. Only the top local ports
  // need their remote ports, so those are tallied in a second pass.
  std::vector<Volume> local_volumes(std::size_t{65536});
  std::vector<bool> local_seen(std::size_t{65536}, false);
  SankeyCut cut;
  for (const auto& [e, v] : edges) {
    if (!in_scope(e.scope, scope)) continue;
    local_volumes[e.local_port].add(v.flows, v.bytes);
    local_seen[e.local_port] = true;
    cut.total.add(v.flows, v.bytes);
  }
  std::map<std::uint16_t, Volume> by_local;
  for (std::size_t port = 0; port < local_volumes.size(); ++port) {
    if (local_seen[port]) by_local.emplace(static_cast<std::uint16_t>(port), local_volumes[port]);
  }
  cut.local_ports = by_local.size();
  const auto top_ports = top_by_flows(by_local, config.sankey_top_ports);
  std::vector<bool> is_top(std::size_t{65536}, false);
  for (const auto port : top_ports) is_top[port] = true;
  std::map<std::uint16_t, std::map<std::uint16_t, Volume>> by_remote;
  for (const auto& [e, v] : edges) {
    if (!in_scope(e.scope, scope) || !is_top[e.local_port]) continue;
    by_remote[e.local_port][e.remote_port].add(v.flows, v.bytes);
  }
  for (const auto port : top_ports) {
    const auto remotes = top_by_flows(by_remote[port], config.sankey_top_remote_ports);
    cut.kept[port] = std::set<std::uint16_t>(remotes.begin(), remotes.end());
    const auto& v = by_local[port];
    cut.kept_volume.add(v.flows, v.bytes);
  }
  return cut;
}

// A Sankey node before it is spelled: a label id or a port number, per stage.
constexpr std::uint32_t kOtherPort = 0x10000;  // rport:other

std::string port_node_name(const char* prefix, std::uint32_t port) {
  if (port == kOtherPort) return std::string(prefix) + "other";
  return prefix + port_node(static_cast<std::uint16_t>(port));
}

std::uint64_t pair_key(std::uint32_t first, std::uint32_t second) {
  return (std::uint64_t{first} << 32) | second;
}

// Sankey links in stage order (device -> lport -> rport -> peer), heaviest first in a stage,
// equal flows by node names. Grouped by label ids and ports; names are built once per link.
std::vector<SankeyLink> build_sankey(const LabelEdgeTally::Table& edges,
                                     const DeviceLookup& directory, GraphScope scope,
                                     const SankeyCut& cut) {
  std::array<std::unordered_map<std::uint64_t, Volume>, 3> stages;
  for (const auto& [e, v] : edges) {
    if (!in_scope(e.scope, scope)) continue;
    const auto kept = cut.kept.find(e.local_port);
    if (kept == cut.kept.end()) continue;
    const std::uint32_t rport = kept->second.contains(e.remote_port) ? e.remote_port : kOtherPort;
    stages[0][pair_key(e.label, e.local_port)].add(v.flows, v.bytes);
    stages[1][pair_key(e.local_port, rport)].add(v.flows, v.bytes);
    if (scope == GraphScope::local) stages[2][pair_key(rport, e.peer_label)].add(v.flows, v.bytes);
  }
  const auto first = [](std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); };
  const auto second = [](std::uint64_t key) { return static_cast<std::uint32_t>(key); };
  std::vector<SankeyLink> links;
  for (std::size_t stage = 0; stage < stages.size(); ++stage) {
    std::vector<SankeyLink> stage_links;
    stage_links.reserve(stages[stage].size());
    for (const auto& [key, v] : stages[stage]) {
      SankeyLink link{{}, {}, v.flows, v.bytes};
      if (stage == 0) {
        link.source = "device:" + directory.label_text(first(key));
        link.target = port_node_name("lport:", second(key));
      } else if (stage == 1) {
        link.source = port_node_name("lport:", first(key));
        link.target = port_node_name("rport:", second(key));
      } else {
        link.source = port_node_name("rport:", first(key));
        link.target = "peer:" + directory.label_text(second(key));
      }
      stage_links.push_back(std::move(link));
    }
    std::sort(stage_links.begin(), stage_links.end(), [](const SankeyLink& a, const SankeyLink& b) {
      if (a.flows != b.flows) return a.flows > b.flows;
      return std::tie(a.source, a.target) < std::tie(b.source, b.target);
    });
    links.insert(links.end(), std::make_move_iterator(stage_links.begin()),
                 std::make_move_iterator(stage_links.end()));
  }
  return links;
}

struct PortChartData {
  Volume total;
  std::map<std::uint16_t, Volume> remote_ports;
  std::map<std::uint32_t, Volume> device_labels;  // by label id
  std::map<std::uint32_t, Volume> peer_labels;
};

std::map<std::string, Volume> by_label_text(const std::map<std::uint32_t, Volume>& by_id,
                                            const DeviceLookup& directory) {
  std::map<std::string, Volume> by_text;
  for (const auto& [id, v] : by_id) by_text.emplace(directory.label_text(id), v);
  return by_text;
}

PortBreakdown to_breakdown(std::uint16_t port, Transport transport, GraphScope scope,
                           const PortChartData& data, const DeviceLookup& directory,
                           const AnalysisConfig& config) {
  PortBreakdown breakdown;
  breakdown.port = port;
  breakdown.transport = transport;
  breakdown.scope = scope_name(scope);
  breakdown.flows = data.total.flows;
  breakdown.bytes = data.total.bytes;
  const auto kept = top_by_flows(data.remote_ports, config.sankey_top_remote_ports);
  std::map<std::string, Volume> remote_labels;
  for (const auto& [remote, v] : data.remote_ports) {
    const bool keep = std::find(kept.begin(), kept.end(), remote) != kept.end();
    remote_labels[keep ? port_node(remote) : std::string("other")].add(v.flows, v.bytes);
  }
  breakdown.remote_ports = to_label_counts(remote_labels);
  breakdown.device_labels = to_label_counts(by_label_text(data.device_labels, directory));
  breakdown.peer_labels = to_label_counts(by_label_text(data.peer_labels, directory));
  return breakdown;
}

void add_port_charts(const LabelEdgeTally::Table& edges, const DeviceLookup& directory,
                     GraphScope scope, const AnalysisConfig& config,
                     std::vector<PortBreakdown>& out) {
  using ChartKey = std::pair<std::uint16_t, Transport>;
  std::map<ChartKey, Volume> volumes;
  for (const auto& [e, v] : edges) {
    // Charts are for the device's own service ports, not its folded ephemeral ones.
    if (in_scope(e.scope, scope) && e.local_port != 0) {
      volumes[{e.local_port, e.transport}].add(v.flows, v.bytes);
    }
  }
  const auto charted = top_by_flows(volumes, config.per_port_charts);
  std::map<ChartKey, PortChartData> data;
  for (const auto& key : charted) data[key];
  for (const auto& [e, v] : edges) {
    if (!in_scope(e.scope, scope)) continue;
    const auto it = data.find({e.local_port, e.transport});
    if (it == data.end()) continue;
    auto& d = it->second;
    d.total.add(v.flows, v.bytes);
    d.remote_ports[e.remote_port].add(v.flows, v.bytes);
    d.device_labels[e.label].add(v.flows, v.bytes);
    if (scope == GraphScope::local) d.peer_labels[e.peer_label].add(v.flows, v.bytes);
  }
  for (const auto& key : charted) {
    out.push_back(to_breakdown(key.first, key.second, scope, data[key], directory, config));
  }
}

std::string describe_cut(GraphScope scope, const SankeyCut& cut, const AnalysisConfig& config) {
  const double share = cut.total.flows == 0 ? 1.0
                                            : static_cast<double>(cut.kept_volume.flows) /
                                                  static_cast<double>(cut.total.flows);
  return fmt::format(
      "{} Sankey: kept the top {} of {} device local ports by flows ({:.1f}% of {} flows); "
      "for each, remote ports beyond the top {} are folded into rport:other.",
      scope == GraphScope::local ? "Local" : "External",
      std::min<std::size_t>(config.sankey_top_ports, cut.local_ports), cut.local_ports,
      100.0 * share, cut.total.flows, config.sankey_top_remote_ports);
}

}  // namespace

std::size_t LabelEdgeTally::KeyHash::operator()(const Key& key) const noexcept {
  const std::uint64_t labels = (std::uint64_t{key.label} << 32) | key.peer_label;
  const std::uint64_t ports =
      (std::uint64_t{key.local_port} << 32) | (std::uint64_t{key.remote_port} << 16) |
      (static_cast<std::uint64_t>(key.transport) << 8) | static_cast<std::uint64_t>(key.scope);
  return static_cast<std::size_t>(mix64(labels ^ mix64(ports)));
}

void LabelEdgeTally::add(const Summaries& summaries, const DeviceLookup& directory) {
  for (const auto& e : summaries.edges) {
    const Key key{directory.label_id(e.device),
                  directory.peer_label_id(e.device, e.peer_device),
                  e.local_port,
                  e.remote_port,
                  e.transport,
                  e.scope};
    table_[key].add(e.flows, e.bytes);
  }
}

void LabelEdgeTally::merge(LabelEdgeTally&& other) {
  if (table_.empty()) {
    table_ = std::move(other.table_);
    return;
  }
  for (const auto& [key, volume] : other.table_) table_[key].add(volume.flows, volume.bytes);
  other.table_ = {};
}

DeviceGraph LabelEdgeTally::finish(const DeviceLookup& directory,
                                   const AnalysisConfig& config) const {
  DeviceGraph graph;
  const auto local_cut = cut_sankey(table_, GraphScope::local, config);
  const auto external_cut = cut_sankey(table_, GraphScope::external, config);
  graph.local_sankey = build_sankey(table_, directory, GraphScope::local, local_cut);
  graph.external_sankey = build_sankey(table_, directory, GraphScope::external, external_cut);
  add_port_charts(table_, directory, GraphScope::local, config, graph.per_port);
  add_port_charts(table_, directory, GraphScope::external, config, graph.per_port);
  graph.caps = describe_cut(GraphScope::local, local_cut, config) + " " +
               describe_cut(GraphScope::external, external_cut, config) +
               fmt::format(
                   " Per-port charts for the top {} local ports of each scope; multicast and "
                   "broadcast traffic (discovery) is left out of the graph.",
                   config.per_port_charts);
  return graph;
}

DeviceGraph build_device_graph(const Summaries& summaries, const DeviceLookup& directory,
                               const AnalysisConfig& config) {
  LabelEdgeTally tally;
  tally.add(summaries, directory);
  DeviceGraph graph = tally.finish(directory, config);
  graph.edges = local_graph_edges(summaries);
  return graph;
}

}  // namespace iotscope
