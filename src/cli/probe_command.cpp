// `iotscope probe TARGETS --out FILE`: polite active measurement of the devices the user names
// (docs/probe.md). Everything outside TARGETS is refused; public addresses need --allow-public.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "probe/probe_run.hpp"
#include "sources/probe/probe_results_jsonl.hpp"

namespace iotscope {
namespace {

struct ProbeCommandOptions {
  std::vector<std::string> targets;
  std::string out_file;
  bool allow_public = false;
  std::string ports;
  std::size_t top_ports = 0;
  std::string method = "auto";
  ProbeSettings settings;
  int timeout_ms = 1000;
  int udp_wait_ms = 1000;
  int discovery_wait_ms = 3000;
  bool no_udp = false;
  bool no_service_id = false;
  bool no_discovery = false;
  std::string service_probes = "/usr/share/nmap/nmap-service-probes";
  int intensity = 7;
  std::string interface_name;
  std::string gateway;
  std::string vantage = "internal";
  bool progress = false;
};

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::vector<ProbePort> chosen_ports(const ProbeCommandOptions& options) {
  std::vector<ProbePort> ports;
  if (!options.ports.empty()) ports = parse_port_list(options.ports);
  if (options.top_ports > 0) {
    const auto top = top_ports(options.top_ports);
    ports.insert(ports.end(), top.begin(), top.end());
  }
  if (ports.empty()) ports = default_iot_ports();
  if (options.no_udp) {
    std::erase_if(ports, [](const ProbePort& p) { return p.transport == Transport::udp; });
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

ProbeRequest make_request(const ProbeCommandOptions& options) {
  ProbeRequest request;
  request.targets = TargetSet::parse(join(options.targets, ","), options.allow_public);
  request.ports = chosen_ports(options);
  request.settings = options.settings;
  request.settings.connect_timeout = std::chrono::milliseconds(options.timeout_ms);
  request.settings.udp_response_wait = std::chrono::milliseconds(options.udp_wait_ms);
  request.method = options.method == "syn"       ? TcpScanMethod::syn
                   : options.method == "connect" ? TcpScanMethod::connect
                                                 : TcpScanMethod::automatic;
  request.identify_services = !options.no_service_id;
  request.service_probes_path = options.service_probes;
  request.service_id.intensity = options.intensity;
  request.service_id.banner_wait_ms = static_cast<int>(options.settings.banner_wait.count());
  request.discovery = !options.no_discovery;
  request.interface_name = options.interface_name;
  request.discovery_wait = std::chrono::milliseconds(options.discovery_wait_ms);
  if (!options.gateway.empty()) {
    const auto gateway = IpAddress::parse(options.gateway);
    if (!gateway) throw std::invalid_argument("--gateway: not an IP address: " + options.gateway);
    if (!request.targets.contains(*gateway)) {
      throw std::invalid_argument("--gateway " + options.gateway + " is not among the targets");
    }
    request.gateway = gateway;
  }
  request.vantage = options.vantage == "external" ? Vantage::external : Vantage::internal;
  request.arguments =
      fmt::format("probe {} --ports {} --method {} --rate {}", join(options.targets, ","),
                  options.ports.empty() ? "default" : options.ports, options.method,
                  options.settings.max_probes_per_second);
  return request;
}

void print_summary(const ProbeOutcome& outcome, const std::string& out_file) {
  const ProbeResults& r = outcome.results;
  std::map<IpAddress, std::vector<const ServiceOffer*>> open;
  for (const auto& offer : r.offers) {
    if (offer.state == PortState::open) open[offer.address].push_back(&offer);
  }
  fmt::print("{} hosts answered, {} with open ports, {} open ports, {} facts ({:.1f} s)\n",
             r.hosts.size(), open.size(),
             std::count_if(r.offers.begin(), r.offers.end(),
                           [](const ServiceOffer& o) { return o.state == PortState::open; }),
             r.observations.size(), r.run.finished - r.run.started);
  for (const auto& [address, offers] : open) {
    fmt::print("{}\n", address.to_string());
    for (const auto* offer : offers) {
      fmt::print("  {:>5}/{:<3} {:<14} {} {}\n", offer->port, to_string(offer->transport),
                 offer->service.empty() ? "?" : offer->service, offer->product, offer->version);
    }
  }
  for (const auto& item : r.observations) {
    if (item.observation.kind != "upnp_port_mapping") continue;
    const auto& f = item.observation.fields;
    const auto field = [&f](const char* name) {
      const auto it = f.find(name);
      return it == f.end() ? std::string() : it->second;
    };
    fmt::print("UPnP mapping: external {}/{} -> {}:{} ({})\n", field("external_port"),
               field("protocol"), field("internal_client"), field("internal_port"),
               field("description"));
  }
  for (const auto& note : outcome.notes) std::cerr << "note: " << note << '\n';
  fmt::print("results: {}\n", out_file);
}

int run_probe_command(const ProbeCommandOptions& options) {
  ProbeRequest request;
  try {
    request = make_request(options);
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << '\n';
    return kExitFailure;
  }
  // Results go to FILE.partial, renamed when complete: a run that fails half way leaves no
  // file that looks like results (and an unwritable path fails before any packet is sent).
  const std::string partial = options.out_file + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "error: cannot write " << partial << '\n';
    return kExitFailure;
  }
  const auto abandon = [&partial](const std::string& message) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    std::cerr << "error: " << message << '\n';
    return kExitFailure;
  };
  std::unique_ptr<ProgressBar> bar;
  std::string current_phase;
  const auto progress = [&](std::string_view phase, std::size_t done, std::size_t total) {
    if (phase != current_phase) {
      if (bar) bar->finish();
      current_phase = phase;
      bar = std::make_unique<ProgressBar>(std::string(phase), options.progress);
    }
    bar->update(done, total);
  };
  ProbeOutcome outcome;
  try {
    outcome = run_probe(request, progress);
  } catch (const std::exception& error) {
    return abandon(error.what());
  }
  if (bar) bar->finish();
  write_probe_results(out, outcome.results);
  out.close();
  if (!out) return abandon("write failed: " + partial);
  std::error_code renamed;
  std::filesystem::rename(partial, options.out_file, renamed);
  if (renamed) return abandon("cannot rename " + partial + ": " + renamed.message());
  print_summary(outcome, options.out_file);
  return kExitOk;
}

}  // namespace

void add_probe_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ProbeCommandOptions>();
  auto* cmd = app.add_subcommand(
      "probe", "Probe the named local devices: open ports, services, UPnP gateway mappings");
  cmd->add_option("targets", options->targets,
                  "Addresses, ranges (192.168.1.10-20) or CIDRs; nothing else is sent a packet")
      ->required();
  cmd->add_option("--out", options->out_file, "Results file (JSON Lines; an analyze input)")
      ->required();
  cmd->add_flag("--allow-public", options->allow_public,
                "Allow targets outside private, link-local and loopback ranges");
  cmd->add_option("--ports", options->ports, "Ports, nmap syntax: 22,80,8000-8100,U:1900,T:443");
  cmd->add_option("--top-ports", options->top_ports,
                  "Add nmap's N most frequent ports per transport");
  cmd->add_option("--method", options->method, "TCP scan: auto (SYN when root), syn or connect")
      ->check(CLI::IsMember({"auto", "syn", "connect"}));
  cmd->add_option("--rate", options->settings.max_probes_per_second, "Probes per second at most")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100000.0));
  cmd->add_option("--max-in-flight", options->settings.max_in_flight,
                  "Probes awaiting an answer at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--timeout", options->timeout_ms, "Milliseconds before a probe counts as lost")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  cmd->add_option("--retries", options->settings.retries, "Extra tries of an unanswered probe")
      ->capture_default_str()
      ->check(CLI::Range(0, 10));
  cmd->add_option("--udp-wait", options->udp_wait_ms, "Milliseconds to wait for a UDP answer")
      ->capture_default_str()
      ->check(CLI::Range(10, 60000));
  cmd->add_flag("--no-udp", options->no_udp, "Skip the UDP service probes");
  cmd->add_flag("--no-service-id", options->no_service_id,
                "Only port states: no banner grabbing or service probes");
  cmd->add_option("--service-probes", options->service_probes,
                  "nmap's service-probe database (built-in table when missing)")
      ->capture_default_str();
  cmd->add_option("--intensity", options->intensity, "Service probe intensity, as nmap's 0-9")
      ->capture_default_str()
      ->check(CLI::Range(0, 9));
  cmd->add_flag("--no-discovery", options->no_discovery,
                "Skip SSDP / mDNS discovery and the UPnP / NAT-PMP gateway queries");
  cmd->add_option("--discovery-wait", options->discovery_wait_ms,
                  "Milliseconds to collect SSDP and mDNS answers")
      ->capture_default_str()
      ->check(CLI::Range(100, 60000));
  cmd->add_option("--interface", options->interface_name,
                  "Interface for discovery (default: the one on the targets' network)");
  cmd->add_option("--gateway", options->gateway,
                  "Gateway for the NAT-PMP / PCP check (default: the UPnP gateway found)");
  cmd->add_option("--vantage", options->vantage,
                  "internal (inside the home) or external (a scan from the Internet side)")
      ->check(CLI::IsMember({"internal", "external"}));
  cmd->add_flag("--progress", options->progress, "Show a progress bar on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_probe_command(*options); });
}

}  // namespace iotscope
