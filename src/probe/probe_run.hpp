#pragma once
// One `iotscope probe` run: TCP scan (SYN when raw sockets are allowed, else connect), service
// identification of the open ports, UDP service probes, SSDP / mDNS discovery and the gateway's
// UPnP port mappings and NAT-PMP / PCP answer, with MACs from the neighbour table. Nothing is
// sent to an address outside the targets; multicast discovery goes out of the one interface on
// the targets' segment with TTL 1, and answers from outside the targets are dropped.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/probe_results.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/service_identifier.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

enum class TcpScanMethod : std::uint8_t { automatic, connect, syn };

struct ProbeRequest {
  TargetSet targets;
  std::vector<ProbePort> ports;
  ProbeSettings settings;
  TcpScanMethod method = TcpScanMethod::automatic;
  bool identify_services = true;
  std::string service_probes_path = "/usr/share/nmap/nmap-service-probes";
  ServiceIdSettings service_id;
  unsigned identify_parallel = 8;  // open ports identified at once (each is one connection)
  bool discovery = true;           // SSDP, mDNS, the UPnP gateway, NAT-PMP / PCP
  std::string interface_name;      // empty: the interface on the first target's network
  std::chrono::milliseconds discovery_wait{3000};  // SSDP and mDNS answers are collected this long
  std::optional<IpAddress> gateway;  // NAT-PMP / PCP target; default: the UPnP gateway found
  std::string arguments;             // the command line, for the run record
  Vantage vantage = Vantage::internal;
};

// Which phase is running and how far it is, for a progress bar.
using ProbePhaseProgress =
    std::function<void(std::string_view phase, std::size_t done, std::size_t total)>;

struct ProbeOutcome {
  ProbeResults results;
  std::vector<std::string> notes;  // what was skipped and why (no raw sockets, no interface ...)
};

ProbeOutcome run_probe(const ProbeRequest& request, const ProbePhaseProgress& progress = {});

}  // namespace iotscope
