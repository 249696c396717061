#pragma once
// Test support: every field of Summaries as text, to compare two summaries field by field.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

#include "engine/summaries.hpp"
#include "model/enums.hpp"

namespace iotscope {

// Every field of Summaries as text lines, doubles in shortest round-trip form.
inline std::vector<std::string> dump(const Summaries& s) {
  std::vector<std::string> lines;
  const auto totals = [](const TrafficTotals& t) {
    return fmt::format("{} {} {} {} {} {} {} {} {} {} {}", t.flows, t.windows, t.bytes_out,
                       t.bytes_in, t.packets_out, t.packets_in, t.first_ts, t.last_ts,
                       t.initiators.device, t.initiators.remote, t.initiators.unknown);
  };
  for (const auto& p : s.local_ports) {
    lines.push_back(fmt::format("local {} {} {} {} {} {} {} {}", p.device.home, p.device.device,
                                p.port, to_string(p.transport), to_string(p.scope),
                                totals(p.totals), p.distinct_remote_ports,
                                p.distinct_remote_hosts));
  }
  for (const auto& p : s.remote_ports) {
    lines.push_back(fmt::format("remote {} {} {} {} {} {} {} {}", p.device.home, p.device.device,
                                p.port, to_string(p.transport), to_string(p.scope),
                                totals(p.totals), p.distinct_local_ports, p.distinct_remote_hosts));
  }
  for (const auto& e : s.edges) {
    lines.push_back(fmt::format(
        "edge {} {} {} {} {} {} {} {} {} {} {} {}", e.device.home, e.device.device, e.local_port,
        e.remote_port, to_string(e.transport), to_string(e.scope), e.peer_device, e.flows, e.bytes,
        e.initiators.device, e.initiators.remote, e.initiators.unknown));
  }
  for (const auto& w : s.scan_windows) {
    lines.push_back(fmt::format("window {} {} {} {} {}", w.device.home, w.device.device,
                                w.window_start, w.first_ts, w.last_ts));
    for (const auto& t : w.targets) {
      lines.push_back(fmt::format("  target {} {} {} {} {} {}", t.target.to_string(), t.peer_device,
                                  fmt::join(t.ports, ","), t.flows, t.flows_outcome_known,
                                  t.flows_rejected_or_unanswered));
    }
  }
  for (const auto& d : s.devices) {
    lines.push_back(fmt::format("device {} {} {} | {} | {} {}", d.device.home, d.device.device,
                                totals(d.local), totals(d.external), d.distinct_external_hosts,
                                d.distinct_local_peers));
  }
  lines.push_back(fmt::format("histogram local {}", fmt::join(s.bytes_per_flow_local.flows, " ")));
  lines.push_back(
      fmt::format("histogram external {}", fmt::join(s.bytes_per_flow_external.flows, " ")));
  lines.push_back(fmt::format("flows {} {} {}", s.flows, s.first_ts, s.last_ts));
  return lines;
}

}  // namespace iotscope
