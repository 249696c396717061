#pragma once
// Every threshold the analyses use, with the defaults documented in docs/analyses.md.
#include <cstdint>

#include "analyses/threshold_random_walk.hpp"

namespace iotscope {

struct AnalysisConfig {
  // port roles (fan-in rule of the seeds)
  std::uint32_t server_min_distinct_remote_ports = 6;
  double server_min_remote_port_ratio = 0.5;  // distinct remote ports / flows
  std::uint32_t client_min_distinct_local_ports = 3;
  // Remote-opened flows that make a server on their own (initiator known, TCP SYN seen).
  std::uint32_t server_min_initiated_flows = 5;
  // Device-opened flows that make a client without the ephemeral-port check; the client still
  // needs client_min_distinct_local_ports (a fixed source port is no client role).
  std::uint32_t client_min_initiated_flows = 3;
  // Fixed same-number ports on both sides (123<->123) with at least this many flows: peer.
  std::uint32_t peer_min_flows = 3;
  // Share of the other side's distinct ports that must look ephemeral (>= 1024) for the fan-in
  // and fan-out rules; keeps a fixed-source-port port scan from looking like a server.
  double min_ephemeral_port_fraction = 0.5;
  // Group traffic (mDNS 5353<->5353, SSDP M-SEARCH to 1900) counts as local traffic for roles.
  bool roles_include_multicast = true;
  // scans
  std::uint32_t sweep_min_targets = 10;
  std::uint32_t port_scan_min_ports = 10;
  double scan_window_seconds = 60;  // the engine's scan window length, to merge adjacent windows
  TrwParameters trw;                // sequential test where connection outcomes are known
  // exposure
  std::uint32_t inbound_min_distinct_remote_hosts = 3;
  std::uint32_t inbound_min_initiated_flows = 1;  // remote-opened external flows
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
