#pragma once
// Who talks to whom on which ports: the seeds' Sankey diagrams and per-port charts.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// The device-level edges of local traffic, sorted by device and ports.
std::vector<GraphEdge> local_graph_edges(const Summaries& summaries);

// Edge volumes grouped by the labels people see: all the Sankey diagrams and per-port charts
// need, and far fewer entries than device-level edges. Home batches are tallied one by one and
// merged; the charts are cut from the sums, so they do not depend on how homes were batched.
class LabelEdgeTally {
 public:
  struct Volume {
    std::uint64_t flows = 0;
    std::uint64_t bytes = 0;
    void add(std::uint64_t f, std::uint64_t b) {
      flows += f;
      bytes += b;
    }
  };
  struct Key {
    std::uint32_t label = 0;       // DeviceLookup label id of the device
    std::uint32_t peer_label = 0;  // of its peer ("unknown local host" when none)
    std::uint16_t local_port = 0;
    std::uint16_t remote_port = 0;
    Transport transport = Transport::tcp;
    PeerScope scope = PeerScope::external;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  using Table = std::unordered_map<Key, Volume, KeyHash>;

  void add(const Summaries& summaries, const DeviceLookup& directory);
  void merge(LabelEdgeTally&& other);
  // Everything but the device-level edges.
  DeviceGraph finish(const DeviceLookup& directory, const AnalysisConfig& config) const;

 private:
  Table table_;
};

DeviceGraph build_device_graph(const Summaries& summaries, const DeviceLookup& directory,
                               const AnalysisConfig& config);

}  // namespace iotscope
