#pragma once
// Re-assembles flows from upload windows. Windows sharing (home, device, device port, remote ip,
// remote port, transport) belong to one flow while consecutive windows, in time order, are at
// most `gap` seconds apart; the merge is single-linkage interval merging per key, so it gives
// the same flows for any arrival order.
//
// Memory is bounded by the flows active at once, not by rows: a flow is closed and emitted once
// the newest window of its home is more than horizon = max(gap, reorder) + gap past the flow's
// last window. Only a window older than its home's newest window by more than max(gap, reorder)
// could have joined a closed flow; such a window starts a new flow instead and is counted as
// late (reported as one summary issue per file). Closing depends only on each home's own window
// sequence, so the result does not depend on when sweeps run or on how homes interleave.
//
// A home whose rows have ended never advances its own clock, so the number of open flow keys is
// also capped (`max_open_keys`): past the cap, the homes that received no window for longest are
// closed whole. Exports grouped by home or sorted by time lose nothing to this; a window that
// arrives later for a closed home starts a new flow and is counted as late too.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/engine.hpp"
#include "sources/iotinspector/device_directory.hpp"
#include "sources/iotinspector/flat_hash_map.hpp"
#include "sources/iotinspector/flow_window.hpp"

namespace iotscope {

// A device seen in flows that no device table lists.
struct MissingDevice {
  std::string home_id;
  std::string device_id;
  bool id_is_mac = false;
  std::uint32_t first_file = 0;
};

inline constexpr double kDefaultReorderSeconds = 3600;
// About 250 bytes each: a million open keys per worker is a quarter of a gigabyte.
inline constexpr std::size_t kDefaultMaxOpenKeys = std::size_t{1} << 20;

class WindowAssembler {
 public:
  WindowAssembler(double gap_seconds, const DeviceDirectory& directory, FlowAggregator& sink,
                  double reorder_seconds = kDefaultReorderSeconds,
                  std::size_t max_open_keys = kDefaultMaxOpenKeys);

  void add(const FlowWindow& window, std::uint32_t file);
  // A hint that `window` will be added soon: its key's slot starts loading into cache.
  void prefetch(const FlowWindow& window) const {
    keys_.prefetch(FlowKey{window.device, window.remote_ip, window.device_port, window.remote_port,
                           window.transport});
  }
  // Emits every flow still open.
  void finish();

  const std::unordered_map<DeviceKey, MissingDevice, DeviceKeyHash>& missing_devices() const {
    return missing_;
  }
  // Late windows per file index.
  const std::map<std::uint32_t, std::uint64_t>& late_windows() const { return late_; }
  std::size_t open_keys() const { return keys_.size(); }

 private:
  struct FlowKey {
    DeviceKey device;
    IpAddress remote_ip;
    std::uint16_t device_port = 0;
    std::uint16_t remote_port = 0;
    Transport transport = Transport::other;
    bool operator==(const FlowKey&) const = default;
  };
  struct FlowKeyHash {
    std::size_t operator()(const FlowKey& key) const noexcept;
  };
  struct OpenFlow {
    double first_ts = 0;
    double last_ts = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t packets_in = 0;
    std::uint64_t packets_out = 0;
    std::uint32_t windows = 0;
    Initiator initiator = Initiator::unknown;
    bool peer_named_local = false;
    double initiator_ts = 0;
    double hostname_ts = 0;
    std::string hostname;

    void absorb(const FlowWindow& window);
    void absorb(OpenFlow&& other);
  };
  struct HomeClock {
    double newest = -1e300;
    std::uint64_t last_window = 0;  // sequence number of the home's latest window
    std::uint64_t open_keys = 0;
  };
  struct KeyState {
    HomeClock* clock = nullptr;
    std::vector<OpenFlow> flows;  // sorted by first_ts; neighbours more than gap apart
  };

  HomeClock& clock_of(std::uint64_t home);
  void emit_closed(const FlowKey& key, KeyState& state);
  void emit(const FlowKey& key, OpenFlow&& flow);
  void sweep();
  void close_idle_homes();

  double gap_;
  double horizon_;
  double late_age_;
  const DeviceDirectory& directory_;
  FlowAggregator& sink_;
  FlatHashMap<FlowKey, KeyState, FlowKeyHash> keys_;
  std::size_t max_open_keys_;
  std::unordered_map<std::uint64_t, HomeClock> homes_;  // node-based: KeyState points in
  // Rows come grouped by home, so the last home looked up is usually the next one.
  std::uint64_t cached_home_ = 0;
  HomeClock* cached_clock_ = nullptr;
  std::unordered_set<std::uint64_t> closed_homes_;
  std::uint64_t windows_seen_ = 0;
  std::unordered_map<DeviceKey, MissingDevice, DeviceKeyHash> missing_;
  std::map<std::uint32_t, std::uint64_t> late_;
  std::uint64_t windows_since_sweep_ = 0;
  FlowRecord record_;  // reused so emitting allocates nothing beyond the hostname
};

}  // namespace iotscope
