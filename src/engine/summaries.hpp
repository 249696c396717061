#pragma once
// The reductions every analysis needs, as plain value types. Both engine implementations
// (embedded, ClickHouse) must produce exactly these, sorted by key, for the same input.
//
// Single-use ports are folded into port 0 (docs/engine.md): a (device, local port, transport,
// scope) seen in exactly one flow that the remote side did not open is a client's ephemeral port,
// and listing each would make the summaries as large as the flows. Likewise a remote port seen in
// one flow the device did not open. Edges use the folded ports. Port 0 therefore means
// "single-use ports" in every summary, never a real port 0.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

struct InitiatorCounts {
  std::uint64_t device = 0;
  std::uint64_t remote = 0;
  std::uint64_t unknown = 0;

  void count(Initiator initiator) {
    switch (initiator) {
      case Initiator::device:
        ++device;
        break;
      case Initiator::remote:
        ++remote;
        break;
      case Initiator::unknown:
        ++unknown;
        break;
    }
  }
  InitiatorCounts& operator+=(const InitiatorCounts& other) {
    device += other.device;
    remote += other.remote;
    unknown += other.unknown;
    return *this;
  }
};

struct TrafficTotals {
  std::uint64_t flows = 0;
  std::uint64_t windows = 0;  // source rows merged into those flows
  std::uint64_t bytes_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t packets_out = 0;
  std::uint64_t packets_in = 0;
  double first_ts = 0;
  double last_ts = 0;
  InitiatorCounts initiators;
  std::uint64_t bytes() const { return bytes_out + bytes_in; }
};

// Per device, local port, transport and peer scope: who talks to this port of the device.
struct LocalPortSummary {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  PeerScope scope = PeerScope::external;
  TrafficTotals totals;
  std::uint32_t distinct_remote_ports = 0;
  std::uint32_t distinct_remote_hosts = 0;
};

// Per device, remote port, transport and peer scope: which remote services the device uses.
struct RemotePortSummary {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  PeerScope scope = PeerScope::external;
  TrafficTotals totals;
  std::uint32_t distinct_local_ports = 0;
  std::uint32_t distinct_remote_hosts = 0;
};

// Per device, local port, remote port, transport, scope and peer device (0 when the peer is no
// known device): the seeds' Sankey edges before labels are applied.
struct EdgeSummary {
  DeviceKey device;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  Transport transport = Transport::tcp;
  PeerScope scope = PeerScope::external;
  std::uint64_t peer_device = 0;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  InitiatorCounts initiators;
};

// One local unicast target a device contacted within a scan window.
struct ScanTargetPorts {
  IpAddress target;
  std::uint64_t peer_device = 0;     // 0 when the address is no known device
  std::vector<std::uint16_t> ports;  // distinct remote ports, sorted
  std::uint32_t flows = 0;
  std::uint32_t flows_outcome_known = 0;           // flows whose connection state is known
  std::uint32_t flows_rejected_or_unanswered = 0;  // of those, rejected or never answered
};

// Per device and fixed time window: the local unicast targets it contacted. A flow counts when its
// remote end is a local unicast address, neither port is benign discovery (kBenignPorts), and the
// device opened it (initiator device, or unknown from a single-use local port). Windows are
// aligned to multiples of the window length in Unix time; a flow falls in the window of first_ts.
inline constexpr std::array<std::uint16_t, 7> kBenignPorts{53, 67, 68, 137, 138, 1900, 5353};

struct ScanWindowSummary {
  DeviceKey device;
  double window_start = 0;
  double first_ts = 0;
  double last_ts = 0;
  std::vector<ScanTargetPorts> targets;  // sorted by address
};

// Per device: its whole activity.
struct DeviceActivity {
  DeviceKey device;
  TrafficTotals local;  // local_device + local_unknown + multicast_broadcast
  TrafficTotals external;
  std::uint32_t distinct_external_hosts = 0;
  std::uint32_t distinct_local_peers = 0;  // distinct local addresses (unicast)
};

// Flows by size: bucket 0 holds flows of 0 bytes, bucket k >= 1 holds [2^(k-1), 2^k).
struct BytesHistogram {
  static constexpr std::size_t kBuckets = 65;
  std::array<std::uint64_t, kBuckets> flows{};
  static std::size_t bucket_of(std::uint64_t bytes);
};

struct Summaries {
  std::vector<LocalPortSummary> local_ports;
  std::vector<RemotePortSummary> remote_ports;
  std::vector<EdgeSummary> edges;
  std::vector<ScanWindowSummary> scan_windows;
  std::vector<DeviceActivity> devices;
  BytesHistogram bytes_per_flow_local;
  BytesHistogram bytes_per_flow_external;
  std::uint64_t flows = 0;
  double first_ts = 0;
  double last_ts = 0;
};

// One home's summaries. The run totals (flow count, time span, bytes-per-flow histograms) are
// spread over a run's pieces and add up.
using HomeSummaries = std::pair<std::uint64_t, Summaries>;

}  // namespace iotscope
