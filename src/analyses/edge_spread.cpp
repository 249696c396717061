#include "analyses/edge_spread.hpp"

namespace iotscope {

EdgeSpreads edge_spreads(const std::vector<EdgeSummary>& edges, const std::set<PortKey>& wanted,
                         KeySide key_side, const std::function<bool(PeerScope)>& scope_filter) {
  EdgeSpreads result;
  if (wanted.empty()) return result;
  const bool by_local = key_side == KeySide::local_port;
  for (const auto& edge : edges) {
    if (!scope_filter(edge.scope)) continue;
    const PortKey key{edge.device, by_local ? edge.local_port : edge.remote_port, edge.transport};
    if (!wanted.contains(key)) continue;
    auto& spread = result[key];
    const std::uint16_t other = by_local ? edge.remote_port : edge.local_port;
    if (edge.local_port == edge.remote_port) {
      spread.same_port_flows += edge.flows;
      if (edge.scope == PeerScope::multicast_broadcast) spread.same_port_group_flows += edge.flows;
    } else if (other != 0 && !looks_ephemeral(other)) {
      spread.low_ports.insert(other);
    }
  }
  return result;
}

}  // namespace iotscope
