#pragma once
// What the edges say about the other side of a device port, for a chosen few keys only. The
// engine folds single-use ports into port 0, so the edges cannot count distinct ports (the port
// summaries do that exactly); they still show which named ports were fixed service numbers
// (< 1024) and which flows used the same number on both sides.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "analyses/analysis_keys.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// Which edge port forms the key: the device's own port (other side: remote ports) or the remote
// port (other side: the device's local ports).
enum class KeySide : std::uint8_t { local_port, remote_port };

struct EdgeSpread {
  std::set<std::uint16_t> low_ports;        // other-side ports 1..1023 (fixed service numbers)
  std::uint64_t same_port_flows = 0;        // flows with the same number on both sides
  std::uint64_t same_port_group_flows = 0;  // those of them to a multicast / broadcast group
};

using EdgeSpreads = std::map<PortKey, EdgeSpread>;

EdgeSpreads edge_spreads(const std::vector<EdgeSummary>& edges, const std::set<PortKey>& wanted,
                         KeySide key_side, const std::function<bool(PeerScope)>& scope_filter);

}  // namespace iotscope
