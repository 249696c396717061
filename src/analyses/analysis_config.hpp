#pragma once
// Every threshold the analyses use, with the defaults documented in docs/analyses.md.
#include <cstdint>

namespace iotscope {

struct AnalysisConfig {
  // port roles (fan-in rule of the seeds)
  std::uint32_t server_min_distinct_remote_ports = 5;
  double server_min_remote_port_ratio = 0.5;  // distinct remote ports / flows
  std::uint32_t client_min_distinct_local_ports = 3;
  // scans
  std::uint32_t sweep_min_targets = 10;
  std::uint32_t port_scan_min_ports = 10;
  // exposure
  std::uint32_t inbound_min_distinct_remote_hosts = 3;
  // graph
  std::uint32_t sankey_top_ports = 15;
  std::uint32_t sankey_top_remote_ports = 30;
  std::uint32_t per_port_charts = 12;
  // measurement
  std::uint32_t top_ports = 20;
  std::uint32_t shared_min_vendors = 3;
  std::uint32_t candidates = 25;
};

}  // namespace iotscope
