#include "engine/summaries_codec.hpp"

#include <stdexcept>

#include "util/spill_codec.hpp"

namespace iotscope {
namespace {

// Everything of a target but its ports list.
struct TargetHead {
  IpAddress target;
  std::uint64_t peer_device = 0;
  std::uint32_t flows = 0;
  std::uint32_t flows_outcome_known = 0;
  std::uint32_t flows_rejected_or_unanswered = 0;
};

struct WindowHead {
  DeviceKey device;
  double window_start = 0;
  double first_ts = 0;
  double last_ts = 0;
};

void encode_window(const ScanWindowSummary& window, SpillEncoder& out) {
  out.value(WindowHead{window.device, window.window_start, window.first_ts, window.last_ts});
  out.value(std::uint64_t{window.targets.size()});
  for (const auto& t : window.targets) {
    out.value(TargetHead{t.target, t.peer_device, t.flows, t.flows_outcome_known,
                         t.flows_rejected_or_unanswered});
    out.list(t.ports);
  }
}

ScanWindowSummary decode_window(SpillDecoder& in) {
  const auto head = in.value<WindowHead>();
  ScanWindowSummary window{head.device, head.window_start, head.first_ts, head.last_ts, {}};
  window.targets.resize(in.count(sizeof(TargetHead)));
  for (auto& t : window.targets) {
    const auto target = in.value<TargetHead>();
    t.target = target.target;
    t.peer_device = target.peer_device;
    t.flows = target.flows;
    t.flows_outcome_known = target.flows_outcome_known;
    t.flows_rejected_or_unanswered = target.flows_rejected_or_unanswered;
    t.ports = in.list<std::uint16_t>();
  }
  return window;
}

}  // namespace

void encode_summaries(const Summaries& summaries, std::vector<std::byte>& out) {
  SpillEncoder encoder(out);
  encoder.list(summaries.local_ports);
  encoder.list(summaries.remote_ports);
  encoder.list(summaries.edges);
  encoder.value(std::uint64_t{summaries.scan_windows.size()});
  for (const auto& window : summaries.scan_windows) encode_window(window, encoder);
  encoder.list(summaries.devices);
  encoder.value(summaries.bytes_per_flow_local);
  encoder.value(summaries.bytes_per_flow_external);
  encoder.value(summaries.flows);
  encoder.value(summaries.first_ts);
  encoder.value(summaries.last_ts);
}

Summaries decode_summaries(std::span<const std::byte> bytes) {
  SpillDecoder in(bytes);
  Summaries s;
  s.local_ports = in.list<LocalPortSummary>();
  s.remote_ports = in.list<RemotePortSummary>();
  s.edges = in.list<EdgeSummary>();
  s.scan_windows.resize(in.count(sizeof(WindowHead)));
  for (auto& window : s.scan_windows) window = decode_window(in);
  s.devices = in.list<DeviceActivity>();
  s.bytes_per_flow_local = in.value<BytesHistogram>();
  s.bytes_per_flow_external = in.value<BytesHistogram>();
  s.flows = in.value<std::uint64_t>();
  s.first_ts = in.value<double>();
  s.last_ts = in.value<double>();
  if (in.remaining() != 0) {
    throw std::runtime_error("a block of the run's spill file is longer than its summaries");
  }
  return s;
}

std::size_t table_bytes(const Summaries& s) {
  std::size_t bytes = s.local_ports.size() * sizeof(LocalPortSummary) +
                      s.remote_ports.size() * sizeof(RemotePortSummary) +
                      s.edges.size() * sizeof(EdgeSummary) +
                      s.devices.size() * sizeof(DeviceActivity);
  for (const auto& window : s.scan_windows) {
    bytes += sizeof(ScanWindowSummary);
    for (const auto& t : window.targets) bytes += sizeof(ScanTargetPorts) + 2 * t.ports.size();
  }
  return bytes;
}

}  // namespace iotscope
