#include "analyses/edge_spread.hpp"

#include <algorithm>
#include <array>

namespace iotscope {

EdgeSpreads edge_spreads(const std::vector<EdgeSummary>& edges, const std::set<PortKey>& wanted,
                         KeySide key_side, const std::function<bool(PeerScope)>& scope_filter) {
  EdgeSpreads result;
  if (wanted.empty()) return result;
  const bool by_local = key_side == KeySide::local_port;
  // Asked once per scope rather than once per edge.
  std::array<bool, 4> keep_scope{};
  for (std::size_t i = 0; i < keep_scope.size(); ++i) {
    keep_scope[i] = scope_filter(static_cast<PeerScope>(i));
  }
  // A flat sorted copy of the keys, with the spreads side by side: binary search, no tree.
  const std::vector<PortKey> keys(wanted.begin(), wanted.end());
  std::vector<EdgeSpread> spreads(keys.size());
  std::vector<bool> seen(keys.size(), false);
  for (const auto& edge : edges) {
    const auto scope_index = static_cast<std::size_t>(edge.scope);
    const bool keep =
        scope_index < keep_scope.size() ? keep_scope[scope_index] : scope_filter(edge.scope);
    if (!keep) continue;
    const PortKey key{edge.device, by_local ? edge.local_port : edge.remote_port, edge.transport};
    const auto found = std::lower_bound(keys.begin(), keys.end(), key);
    if (found == keys.end() || !(*found == key)) continue;
    const auto index = static_cast<std::size_t>(found - keys.begin());
    seen[index] = true;
    auto& spread = spreads[index];
    const std::uint16_t other = by_local ? edge.remote_port : edge.local_port;
    if (edge.local_port == edge.remote_port) {
      spread.same_port_flows += edge.flows;
      if (edge.scope == PeerScope::multicast_broadcast) spread.same_port_group_flows += edge.flows;
    } else if (other != 0 && !looks_ephemeral(other)) {
      spread.low_ports.insert(other);
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (seen[i]) result.emplace_hint(result.end(), keys[i], std::move(spreads[i]));
  }
  return result;
}

}  // namespace iotscope
