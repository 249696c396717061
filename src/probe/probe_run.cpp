#include "probe/probe_run.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "probe/local_interface.hpp"
#include "probe/mdns_discovery.hpp"
#include "probe/natpmp_pcp_check.hpp"
#include "probe/neighbor_table.hpp"
#include "probe/ssdp_discovery.hpp"
#include "probe/syn_scanner.hpp"
#include "probe/tcp_connect_scanner.hpp"
#include "probe/udp_service_probes.hpp"
#include "probe/upnp_gateway.hpp"

namespace iotscope {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<ProbePort> of_transport(const std::vector<ProbePort>& ports, Transport transport) {
  std::vector<ProbePort> out;
  for (const auto& port : ports) {
    if (port.transport == transport) out.push_back(port);
  }
  return out;
}

ScanProgress phase_progress(const ProbePhaseProgress& progress, std::string_view phase) {
  if (!progress) return {};
  return [progress, phase](std::size_t done, std::size_t total) { progress(phase, done, total); };
}

bool use_syn(TcpScanMethod method, std::vector<std::string>& notes) {
  if (method == TcpScanMethod::connect) return false;
  if (syn_scan_available()) return true;
  if (method == TcpScanMethod::syn) {
    throw std::runtime_error("SYN scan needs raw sockets (run as root or with CAP_NET_RAW)");
  }
  notes.emplace_back("no raw sockets: TCP connect scan instead of SYN scan");
  return false;
}

std::vector<ServiceOffer> scan_tcp(const ProbeRequest& request, const std::vector<ProbePort>& ports,
                                   const ProbePhaseProgress& progress,
                                   std::vector<std::string>& notes) {
  if (ports.empty()) return {};
  const auto& addresses = request.targets.addresses();
  const auto report = phase_progress(progress, "tcp scan");
  if (use_syn(request.method, notes)) {
    return SynScanner(request.targets, request.settings).scan(addresses, ports, report);
  }
  return TcpConnectScanner(request.targets, request.settings).scan(addresses, ports, report);
}

// Identification holds one connection per open port for up to seconds: a few ports at a time,
// in parallel, each worker taking the next port.
void identify_open_ports(const ProbeRequest& request, std::vector<ServiceOffer>& offers,
                         const ProbePhaseProgress& progress, std::vector<std::string>& notes) {
  std::vector<ServiceOffer*> open;
  for (auto& offer : offers) {
    if (offer.state == PortState::open && offer.transport == Transport::tcp) open.push_back(&offer);
  }
  if (open.empty()) return;
  std::string note;
  const ServiceIdentifier identifier =
      ServiceIdentifier::with_database_at(request.service_probes_path, request.service_id, &note);
  if (!note.empty()) notes.push_back(note);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex report_mutex;
  const auto work = [&] {
    for (std::size_t i = next++; i < open.size(); i = next++) {
      identifier.fill(*open[i]);
      const std::size_t finished = ++done;
      const std::scoped_lock lock(report_mutex);
      if (progress) progress("service identification", finished, open.size());
    }
  };
  const unsigned workers = std::max(
      1U, std::min<unsigned>(request.identify_parallel, static_cast<unsigned>(open.size())));
  std::vector<std::jthread> pool;
  for (unsigned i = 0; i < workers; ++i) pool.emplace_back(work);
}

struct Discovered {
  std::vector<ProbeObservation> observations;
  std::vector<ProbedHost> hosts;
};

ProbeObservation about(IpAddress address, Observation observation) {
  return ProbeObservation{address, {}, std::move(observation)};
}

// An observation about the device it names as its peer (the responder, the probed address).
ProbeObservation about_peer(Observation observation) {
  const IpAddress peer = observation.peer;
  return about(peer, std::move(observation));
}

void discover_names(const DiscoveryOptions& options, const AddressAllowed& allowed, Discovered& out,
                    std::vector<std::string>& notes) {
  const SsdpDiscovery ssdp = discover_ssdp(options, allowed);
  for (auto& observation : ssdp_observations(ssdp)) {
    out.hosts.push_back({observation.peer, {}, {}, "ssdp-response", observation.ts});
    out.observations.push_back(about_peer(std::move(observation)));
  }
  notes.insert(notes.end(), ssdp.notes.begin(), ssdp.notes.end());
  const MdnsDiscovery mdns = discover_mdns(options, allowed);
  for (auto& observation : mdns_observations(mdns)) {
    out.hosts.push_back({observation.peer, {}, {}, "mdns-response", observation.ts});
    out.observations.push_back(about_peer(std::move(observation)));
  }
  const std::size_t dropped = ssdp.dropped_outside_targets + mdns.dropped_outside_targets;
  if (dropped > 0) {
    notes.push_back(std::to_string(dropped) +
                    " discovery answers from outside the targets ignored");
  }
}

// A listed mapping is about the device that asked for it: the internal client.
IpAddress mapping_owner(const Observation& observation) {
  const auto it = observation.fields.find("internal_client");
  if (it != observation.fields.end()) {
    if (const auto client = IpAddress::parse(it->second)) return *client;
  }
  return observation.peer;
}

std::optional<IpAddress> query_gateway(const DiscoveryOptions& options,
                                       const AddressAllowed& allowed, Discovered& out,
                                       std::vector<std::string>& notes) {
  const GatewayLookup lookup = discover_gateway(options.interface_name, allowed);
  if (!lookup.report) {
    notes.push_back("UPnP gateway: " + lookup.error);
    return std::nullopt;
  }
  out.hosts.push_back({lookup.report->gateway, {}, {}, "upnp-igd", lookup.report->ts});
  for (auto& observation : gateway_observations(*lookup.report)) {
    const IpAddress owner =
        observation.kind == "upnp_port_mapping" ? mapping_owner(observation) : observation.peer;
    out.observations.push_back(about(owner, std::move(observation)));
  }
  return lookup.report->gateway;
}

Discovered discover(const ProbeRequest& request, std::vector<std::string>& notes) {
  Discovered out;
  if (!request.discovery) return out;
  DiscoveryOptions options;
  options.interface_name = request.interface_name;
  options.wait = request.discovery_wait;
  if (options.interface_name.empty() && !request.targets.addresses().empty()) {
    if (const auto local = interface_towards(request.targets.addresses().front())) {
      options.interface_name = local->name;
    }
  }
  if (options.interface_name.empty()) {
    notes.emplace_back(
        "no interface on the targets' network: SSDP, mDNS and UPnP gateway "
        "discovery skipped (name one with --interface)");
    return out;
  }
  const AddressAllowed allowed = [&request](const IpAddress& a) {
    return request.targets.contains(a);
  };
  discover_names(options, allowed, out, notes);
  std::optional<IpAddress> gateway = query_gateway(options, allowed, out, notes);
  if (request.gateway) gateway = request.gateway;
  if (gateway) {
    const NatGatewayCheck check = check_natpmp_pcp(*gateway, allowed);
    if (!check.error.empty()) {
      notes.push_back("NAT-PMP / PCP: " + check.error);
    } else {
      out.observations.push_back(about(*gateway, nat_check_observation(check)));
    }
  }
  return out;
}

// Hosts that showed life: any answer at all (an open or closed port, an ICMP port unreachable).
std::map<IpAddress, ProbedHost> live_hosts(const std::vector<ServiceOffer>& offers) {
  std::map<IpAddress, ProbedHost> hosts;
  for (const auto& offer : offers) {
    if (offer.state == PortState::filtered) continue;
    auto [it, inserted] = hosts.try_emplace(offer.address);
    if (inserted || offer.state == PortState::open) {
      it->second = {offer.address, {}, {}, offer.reason, offer.ts};
    }
  }
  return hosts;
}

void attach_macs(ProbeResults& results) {
  const auto table = read_neighbor_table();
  const auto mac_of = [&table](const IpAddress& address) {
    const auto it = table.find(address);
    return it == table.end() ? std::string() : it->second;
  };
  for (auto& host : results.hosts) host.mac = mac_of(host.address);
  for (auto& offer : results.offers) offer.mac = mac_of(offer.address);
  for (auto& item : results.observations) item.mac = mac_of(item.address);
}

}  // namespace

ProbeOutcome run_probe(const ProbeRequest& request, const ProbePhaseProgress& progress) {
  ProbeOutcome out;
  ProbeResults& results = out.results;
  results.run.scanner = "iotscope";
  results.run.arguments = request.arguments;
  results.run.targets = request.targets.describe();
  results.run.vantage = request.vantage;
  results.run.started = now_seconds();

  // Discovery listens to multicast answers for seconds: it runs beside the scans (it has no
  // progress bar of its own) instead of after them.
  std::vector<std::string> discovery_notes;
  auto discovery = std::async(std::launch::async, [&request, &discovery_notes] {
    return discover(request, discovery_notes);
  });
  std::vector<ServiceOffer> offers =
      scan_tcp(request, of_transport(request.ports, Transport::tcp), progress, out.notes);
  if (request.identify_services) identify_open_ports(request, offers, progress, out.notes);
  const auto udp_ports = of_transport(request.ports, Transport::udp);
  if (!udp_ports.empty()) {
    UdpProbeOutcome udp =
        UdpServiceProber(request.targets, request.settings)
            .probe(request.targets.addresses(), udp_ports, phase_progress(progress, "udp probes"));
    offers.insert(offers.end(), udp.offers.begin(), udp.offers.end());
    for (auto& observation : udp.observations) {
      results.observations.push_back(about_peer(std::move(observation)));
    }
  }
  Discovered discovered = discovery.get();
  out.notes.insert(out.notes.end(), discovery_notes.begin(), discovery_notes.end());

  auto hosts = live_hosts(offers);
  for (const auto& host : discovered.hosts) hosts.try_emplace(host.address, host);
  for (auto& [address, host] : hosts) results.hosts.push_back(host);
  // A silent address is no host: its filtered ports would only say the address is empty.
  for (auto& offer : offers) {
    if (hosts.contains(offer.address)) results.offers.push_back(std::move(offer));
  }
  std::move(discovered.observations.begin(), discovered.observations.end(),
            std::back_inserter(results.observations));
  attach_macs(results);
  results.run.finished = now_seconds();
  return out;
}

}  // namespace iotscope
