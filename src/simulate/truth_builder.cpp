#include "simulate/truth_builder.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "simulate/table_writer.hpp"

namespace iotscope::sim {
namespace {

using Observation = TruthScratch::Observation;

std::string_view plaintext_service(std::uint16_t port) {
  switch (port) {
    case 21:
      return "ftp";
    case 23:
      return "telnet";
    case 80:
      return "http";
    case 1883:
      return "mqtt";
    case 8080:
      return "http";
    default:
      return {};
  }
}

std::string_view scope_text(std::uint8_t scope) {
  if (scope == 3) return "both";
  return scope == 2 ? "external" : "local";
}

std::string_view role_text(RoleHint role) {
  switch (role) {
    case RoleHint::server:
      return "server";
    case RoleHint::client:
      return "client";
    case RoleHint::peer:
      return "peer";
    case RoleHint::none:
      break;
  }
  return "none";
}

void append_uint(std::uint64_t value, std::string& out) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

class EntryWriter {
 public:
  EntryWriter(const Home& home, std::string& out) : home_(home), out_(out) {}
  EntryWriter& open() {
    out_ += ",\n    {\"home\": \"";
    out_.append(home_.key.data(), home_.key.size());
    out_ += '"';
    return *this;
  }
  EntryWriter& device(std::string_view key, std::size_t d) {
    const auto& id = home_.devices[d].id;
    return text(key, std::string_view(id.data(), id.size()));
  }
  EntryWriter& text(std::string_view key, std::string_view value) {
    name(key);
    out_ += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
    return *this;
  }
  EntryWriter& number(std::string_view key, std::uint64_t value) {
    name(key);
    append_uint(value, out_);
    return *this;
  }
  EntryWriter& seconds(std::string_view key, std::uint64_t value) {
    number(key, value);
    out_ += ".0";
    return *this;
  }
  EntryWriter& boolean(std::string_view key, bool value) {
    name(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  EntryWriter& raw(std::string_view key, std::string_view json) {
    name(key);
    out_ += json;
    return *this;
  }
  void close() { out_ += '}'; }

 private:
  void name(std::string_view key) {
    out_ += ", \"";
    out_ += key;
    out_ += "\": ";
  }
  const Home& home_;
  std::string& out_;
};

void append_devices_truth(const Home& home, std::string& out) {
  for (std::size_t d = 0; d < home.devices.size(); ++d) {
    const SimDevice& device = home.devices[d];
    std::string ip;
    append_ipv4(home.ip_of(d), ip);
    EntryWriter(home, out)
        .open()
        .device("device_id", d)
        .text("vendor", device.model->vendor)
        .text("type", device.model->type)
        .text("model", device.model->model)
        .text("ip", ip)
        .boolean("labelled", device.labelled())
        .boolean("inspected", device.inspected)
        .close();
  }
}

void collect(const HomeTraffic& traffic, std::vector<Observation>& observations) {
  observations.clear();
  for (const Flow& f : traffic.flows) {
    if (f.probe || f.role == RoleHint::none || f.window_count == 0) continue;
    Observation o{};
    o.device = f.device;
    o.udp = f.udp ? 1 : 0;
    o.role = static_cast<std::uint8_t>(f.role);
    o.remote_ip = f.remote_ip;
    o.scope = f.scope == PeerScope::external ? 2 : 1;
    if (f.role == RoleHint::client) {
      o.port = f.remote_port;
      o.other_port = f.local_port;
    } else {
      o.port = f.local_port;
      o.other_port = f.remote_port;
    }
    observations.push_back(o);
  }
  std::sort(observations.begin(), observations.end(),
            [](const Observation& a, const Observation& b) {
              return std::tie(a.device, a.port, a.udp, a.role, a.other_port, a.remote_ip) <
                     std::tie(b.device, b.port, b.udp, b.role, b.other_port, b.remote_ip);
            });
}

struct RoleGroup {
  std::uint32_t flows = 0;
  std::uint32_t distinct_other_ports = 0;
  std::uint32_t distinct_external_hosts = 0;
  std::uint8_t scope = 0;
};

RoleGroup summarize(const Observation* begin, const Observation* end) {
  RoleGroup g;
  std::vector<std::uint32_t> external;
  for (const Observation* o = begin; o != end; ++o) {
    ++g.flows;
    if (o == begin || o->other_port != (o - 1)->other_port) ++g.distinct_other_ports;
    g.scope |= o->scope;
    if (o->scope == 2) external.push_back(o->remote_ip);
  }
  std::sort(external.begin(), external.end());
  g.distinct_external_hosts =
      static_cast<std::uint32_t>(std::unique(external.begin(), external.end()) - external.begin());
  return g;
}

bool qualifies(RoleHint role, const RoleGroup& g) {
  switch (role) {
    case RoleHint::server:
      return g.distinct_other_ports >= kServerMinRemotePorts;
    case RoleHint::client:
      return g.distinct_other_ports >= kClientMinLocalPorts;
    case RoleHint::peer:
      return g.flows >= kPeerMinFlows;
    case RoleHint::none:
      break;
  }
  return false;
}

void append_roles(const Home& home, const std::vector<Observation>& obs, TruthText& out) {
  std::size_t i = 0;
  while (i < obs.size()) {
    std::size_t j = i;
    while (j < obs.size() && obs[j].device == obs[i].device && obs[j].port == obs[i].port &&
           obs[j].udp == obs[i].udp && obs[j].role == obs[i].role) {
      ++j;
    }
    const Observation& o = obs[i];
    const auto role = static_cast<RoleHint>(o.role);
    const RoleGroup g = summarize(obs.data() + i, obs.data() + j);
    i = j;
    if (!qualifies(role, g)) continue;
    const std::string_view transport = o.udp != 0 ? "udp" : "tcp";
    EntryWriter(home, out[kTruthPortRoles])
        .open()
        .device("device_id", o.device)
        .number("port", o.port)
        .text("transport", transport)
        .text("role", role_text(role))
        .text("side", role == RoleHint::client ? "remote" : "local")
        .text("scope", scope_text(g.scope))
        .close();
    if (role != RoleHint::server) continue;
    if ((g.scope & 2) != 0 && g.distinct_external_hosts >= kInboundMinHosts) {
      const bool ntp = o.udp != 0 && o.port == 123;
      if (ntp || o.udp == 0) {
        EntryWriter(home, out[kTruthExposure])
            .open()
            .device("device_id", o.device)
            .number("port", o.port)
            .text("transport", transport)
            .text("kind", ntp ? "ntp_responder" : "inbound")
            .close();
      }
    }
    const std::string_view service = plaintext_service(o.port);
    if (o.udp == 0 && (g.scope & 1) != 0 && !service.empty()) {
      EntryWriter(home, out[kTruthPlaintext])
          .open()
          .device("device_id", o.device)
          .number("port", o.port)
          .text("transport", "tcp")
          .text("service", service)
          .close();
    }
  }
}

void append_scans(const Home& home, const HomeTraffic& traffic, std::string& out) {
  for (const InjectedScan& scan : traffic.scans) {
    std::string targets = "[";
    for (std::size_t i = 0; i < scan.targets.size(); ++i) {
      targets += i == 0 ? "\"" : ", \"";
      append_ipv4(scan.targets[i], targets);
      targets += '"';
    }
    targets += ']';
    std::string ports = "[";
    for (std::size_t i = 0; i < scan.ports.size(); ++i) {
      if (i != 0) ports += ", ";
      append_uint(scan.ports[i], ports);
    }
    ports += ']';
    EntryWriter(home, out)
        .open()
        .device("scanner", scan.scanner)
        .text("kind", scan.port_scan ? "port_scan" : "host_sweep")
        .raw("targets", targets)
        .raw("ports", ports)
        .seconds("start", kEpoch + std::uint64_t{scan.first_window} * kWindowSeconds)
        .seconds("end", kEpoch + std::uint64_t{scan.last_window} * kWindowSeconds)
        .close();
  }
}

}  // namespace

void append_truth(const Home& home, const HomeTraffic& traffic, TruthScratch& scratch,
                  TruthText& out) {
  append_devices_truth(home, out[kTruthDevices]);
  collect(traffic, scratch.observations);
  append_roles(home, scratch.observations, out);
  append_scans(home, traffic, out[kTruthScans]);
}

}  // namespace iotscope::sim
