#pragma once
// Small explicit Summaries for the analyses' tests. Initiators default to "unknown" for every
// flow, as in IoT Inspector data.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/summaries.hpp"
#include "model/device_record.hpp"
#include "model/observation.hpp"

namespace iotscope::test {

inline DeviceKey dev(std::uint64_t device, std::uint64_t home = 1) {
  return {home, device};
}

inline InitiatorCounts unknown_initiators(std::uint64_t flows) {
  return {0, 0, flows};
}

inline TrafficTotals totals(std::uint64_t flows, std::uint64_t bytes,
                            std::optional<InitiatorCounts> initiators = std::nullopt) {
  TrafficTotals t;
  t.flows = flows;
  t.windows = flows;
  t.bytes_out = bytes / 2;
  t.bytes_in = bytes - bytes / 2;
  t.initiators = initiators.value_or(unknown_initiators(flows));
  return t;
}

inline LocalPortSummary local_port(DeviceKey device, std::uint16_t port, Transport transport,
                                   PeerScope scope, std::uint64_t flows, std::uint32_t remote_ports,
                                   std::uint32_t hosts,
                                   std::optional<InitiatorCounts> initiators = std::nullopt) {
  LocalPortSummary s;
  s.device = device;
  s.port = port;
  s.transport = transport;
  s.scope = scope;
  s.totals = totals(flows, flows * 1000, initiators);
  s.distinct_remote_ports = remote_ports;
  s.distinct_remote_hosts = hosts;
  return s;
}

inline RemotePortSummary remote_port(DeviceKey device, std::uint16_t port, Transport transport,
                                     PeerScope scope, std::uint64_t flows,
                                     std::uint32_t local_ports, std::uint32_t hosts,
                                     std::optional<InitiatorCounts> initiators = std::nullopt) {
  RemotePortSummary s;
  s.device = device;
  s.port = port;
  s.transport = transport;
  s.scope = scope;
  s.totals = totals(flows, flows * 1000, initiators);
  s.distinct_local_ports = local_ports;
  s.distinct_remote_hosts = hosts;
  return s;
}

inline EdgeSummary edge(DeviceKey device, std::uint16_t local, std::uint16_t remote,
                        Transport transport, PeerScope scope, std::uint64_t peer,
                        std::uint64_t flows, std::uint64_t bytes = 0,
                        std::optional<InitiatorCounts> initiators = std::nullopt) {
  EdgeSummary e;
  e.device = device;
  e.local_port = local;
  e.remote_port = remote;
  e.transport = transport;
  e.scope = scope;
  e.peer_device = peer;
  e.flows = flows;
  e.bytes = bytes == 0 ? flows * 1000 : bytes;
  e.initiators = initiators.value_or(unknown_initiators(flows));
  return e;
}

inline IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

inline ScanTargetPorts target(const char* address, std::vector<std::uint16_t> ports,
                              std::uint64_t peer = 0) {
  ScanTargetPorts t;
  t.target = ip(address);
  t.peer_device = peer;
  t.ports = std::move(ports);
  t.flows = static_cast<std::uint32_t>(t.ports.size());
  return t;
}

// A window holding `count` targets 192.168.1.<first> .. on `port`.
inline ScanWindowSummary sweep_window(DeviceKey device, double start, int first, int count,
                                      std::uint16_t port) {
  ScanWindowSummary w;
  w.device = device;
  w.window_start = start;
  w.first_ts = start + 1;
  w.last_ts = start + 50;
  for (int i = 0; i < count; ++i) {
    const std::string address = "192.168.1." + std::to_string(first + i);
    w.targets.push_back(target(address.c_str(), {port}));
  }
  return w;
}

inline DeviceActivity activity(DeviceKey device, std::uint64_t local_flows,
                               std::uint64_t external_flows) {
  DeviceActivity a;
  a.device = device;
  a.local.flows = local_flows;
  a.external.flows = external_flows;
  return a;
}

inline DeviceRecord record(DeviceKey key, std::string vendor, DeviceType type,
                           std::string name = "") {
  DeviceRecord r;
  r.key = key;
  r.vendor = std::move(vendor);
  r.type = type;
  r.labels.name = std::move(name);
  return r;
}

// A payload fact about `device` at a fixed time, its peer the home's gateway address.
inline Observation fact(DeviceKey device, std::string kind, std::uint16_t port,
                        std::map<std::string, std::string> fields) {
  Observation o;
  o.device = device;
  o.ts = 1'700'000'000;
  o.kind = std::move(kind);
  o.port = port;
  o.peer = ip("192.168.1.1");
  o.fields = std::move(fields);
  return o;
}

}  // namespace iotscope::test
