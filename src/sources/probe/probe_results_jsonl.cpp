#include "sources/probe/probe_results_jsonl.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

namespace iotscope {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxProbeIssues = 20;
constexpr int kFormatVersion = 1;  // the "version" of the probe_run record

std::string address_text(const IpAddress& address) {
  return address.is_unset() ? std::string() : address.to_string();
}

json run_json(const ProbeRun& run) {
  return {{"record", "probe_run"},  {"version", kFormatVersion},
          {"scanner", run.scanner}, {"arguments", run.arguments},
          {"targets", run.targets}, {"vantage", to_string(run.vantage)},
          {"started", run.started}, {"finished", run.finished}};
}

json host_json(const ProbedHost& host) {
  return {{"record", "host"},      {"address", address_text(host.address)},
          {"mac", host.mac},       {"hostname", host.hostname},
          {"reason", host.reason}, {"ts", host.ts}};
}

// A service offer's free-text fields, by name: the writer and the reader share the one list, so
// a field added to one cannot be forgotten in the other.
struct OfferTextField {
  const char* name;
  std::string ServiceOffer::*member;
};
constexpr std::array<OfferTextField, 12> kOfferTextFields{
    {{"mac", &ServiceOffer::mac},
     {"reason", &ServiceOffer::reason},
     {"banner", &ServiceOffer::banner},
     {"service", &ServiceOffer::service},
     {"product", &ServiceOffer::product},
     {"version", &ServiceOffer::version},
     {"info", &ServiceOffer::info},
     {"hostname", &ServiceOffer::hostname},
     {"os", &ServiceOffer::os},
     {"cpe", &ServiceOffer::cpe},
     {"device_type", &ServiceOffer::device_type},
     {"method", &ServiceOffer::method}}};

json offer_json(const ServiceOffer& offer) {
  json line = {{"record", "service_offer"},
               {"address", address_text(offer.address)},
               {"port", offer.port},
               {"transport", to_string(offer.transport)},
               {"state", to_string(offer.state)},
               {"ts", offer.ts}};
  for (const auto& field : kOfferTextFields) line[field.name] = offer.*field.member;
  return line;
}

json observation_json(const ProbeObservation& item) {
  const Observation& o = item.observation;
  return {{"record", "observation"},
          {"address", address_text(item.address)},
          {"mac", item.mac},
          {"kind", o.kind},
          {"peer", address_text(o.peer)},
          {"port", o.port},
          {"ts", o.ts},
          {"fields", o.fields}};
}

// Reading: each accessor names the field it wanted, so a bad line's message says what was expected.
std::string text_field(const json& line, const char* name) {
  const auto it = line.find(name);
  if (it == line.end() || it->is_null()) return {};
  if (!it->is_string())
    throw std::invalid_argument(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

double number_field(const json& line, const char* name) {
  const auto it = line.find(name);
  if (it == line.end() || it->is_null()) return 0;
  if (!it->is_number())
    throw std::invalid_argument(std::string("\"") + name + "\" must be a number");
  return it->get<double>();
}

IpAddress address_field(const json& line, const char* name, bool required) {
  const std::string text = text_field(line, name);
  if (text.empty() && !required) return {};
  const auto address = IpAddress::parse(text);
  if (!address) {
    throw std::invalid_argument(std::string("\"") + name +
                                "\" must be an IPv4 or IPv6 address, got \"" + text + "\"");
  }
  return *address;
}

std::uint16_t port_field(const json& line) {
  const double port = number_field(line, "port");
  if (port < 0 || port > 65535 || port != static_cast<double>(static_cast<int>(port))) {
    throw std::invalid_argument("\"port\" must be an integer from 0 to 65535");
  }
  return static_cast<std::uint16_t>(port);
}

ProbeRun read_run(const json& line) {
  // A later format may change what a field means: its header is refused, not guessed at.
  if (const double version = number_field(line, "version"); version != kFormatVersion) {
    throw std::invalid_argument(fmt::format(
        "\"version\" {} is not a probe results format this iotscope reads (expected {})", version,
        kFormatVersion));
  }
  ProbeRun run;
  run.scanner = text_field(line, "scanner");
  run.arguments = text_field(line, "arguments");
  run.targets = text_field(line, "targets");
  const std::string vantage = text_field(line, "vantage");
  if (!vantage.empty()) {
    const auto parsed = parse_vantage(vantage);
    if (!parsed) throw std::invalid_argument("\"vantage\" must be \"internal\" or \"external\"");
    run.vantage = *parsed;
  }
  run.started = number_field(line, "started");
  run.finished = number_field(line, "finished");
  return run;
}

ProbedHost read_host(const json& line) {
  ProbedHost host;
  host.address = address_field(line, "address", true);
  host.mac = text_field(line, "mac");
  host.hostname = text_field(line, "hostname");
  host.reason = text_field(line, "reason");
  host.ts = number_field(line, "ts");
  return host;
}

ServiceOffer read_offer(const json& line) {
  ServiceOffer offer;
  offer.address = address_field(line, "address", true);
  offer.port = port_field(line);
  const auto transport = parse_transport(text_field(line, "transport"));
  if (!transport) throw std::invalid_argument("\"transport\" must be \"tcp\" or \"udp\"");
  offer.transport = *transport;
  const auto state = parse_port_state(text_field(line, "state"));
  if (!state) throw std::invalid_argument("\"state\" must be \"open\", \"closed\" or \"filtered\"");
  offer.state = *state;
  for (const auto& field : kOfferTextFields) offer.*field.member = text_field(line, field.name);
  offer.ts = number_field(line, "ts");
  return offer;
}

ProbeObservation read_observation(const json& line) {
  ProbeObservation item;
  item.address = address_field(line, "address", true);
  item.mac = text_field(line, "mac");
  Observation& o = item.observation;
  o.kind = text_field(line, "kind");
  if (o.kind.empty()) throw std::invalid_argument("\"kind\" must name the fact");
  o.peer = address_field(line, "peer", false);
  o.port = port_field(line);
  o.ts = number_field(line, "ts");
  const auto fields = line.find("fields");
  if (fields != line.end() && !fields->is_null()) {
    if (!fields->is_object()) throw std::invalid_argument("\"fields\" must be an object");
    for (const auto& [name, value] : fields->items()) {
      if (!value.is_string())
        throw std::invalid_argument("field \"" + name + "\" must be a string");
      o.fields[name] = value.get<std::string>();
    }
  }
  return item;
}

void read_line(const json& line, bool first, ProbeResults& results) {
  if (!line.is_object()) throw std::invalid_argument("expected a JSON object");
  const std::string record = text_field(line, "record");
  if (record == "probe_run") {
    if (!first) throw std::invalid_argument("a second \"probe_run\" header");
    results.run = read_run(line);
  } else if (record == "host") {
    results.hosts.push_back(read_host(line));
  } else if (record == "service_offer") {
    results.offers.push_back(read_offer(line));
  } else if (record == "observation") {
    results.observations.push_back(read_observation(line));
  } else {
    throw std::invalid_argument(
        "\"record\" must be probe_run, host, service_offer or observation, got \"" + record + "\"");
  }
}

void note_issue(InputReport& report, std::uint64_t line, std::string message) {
  ++report.skipped;
  if (report.issues.size() < kMaxProbeIssues) {
    report.issues.push_back({report.path, line, 0, 0, std::move(message)});
  }
}

}  // namespace

void write_probe_results(std::ostream& out, const ProbeResults& results) {
  out << run_json(results.run).dump() << '\n';
  for (const auto& host : results.hosts) out << host_json(host).dump() << '\n';
  for (const auto& offer : results.offers) out << offer_json(offer).dump() << '\n';
  for (const auto& item : results.observations) out << observation_json(item).dump() << '\n';
}

ProbeResultsFile read_probe_results(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ProbeResultsFile file;
    file.report.path = path;
    file.report.format = "unreadable";
    note_issue(file.report, 0, "cannot open the file");
    return file;
  }
  return read_probe_results(in, path);
}

ProbeResultsFile read_probe_results(std::istream& in, const std::string& name) {
  ProbeResultsFile file;
  file.report.path = name;
  file.report.format = "iotscope-probe/jsonl";
  std::string text;
  std::uint64_t number = 0;
  bool first = true;
  while (std::getline(in, text)) {
    ++number;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      read_line(json::parse(text), first, file.results);
      ++file.report.records;
    } catch (const json::exception& error) {
      note_issue(file.report, number, std::string("not valid JSON: ") + error.what());
    } catch (const std::invalid_argument& error) {
      note_issue(file.report, number, error.what());
    }
    first = false;
  }
  return file;
}

bool looks_like_probe_results(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  if (!std::getline(in, first) || !first.starts_with("{")) return false;
  // Parsed, not searched: a file rewritten by another JSON tool spaces its keys differently.
  const json run = json::parse(first, nullptr, false);
  if (!run.is_object()) return false;
  const auto record = run.find("record");
  return record != run.end() && record->is_string() && *record == "probe_run";
}

}  // namespace iotscope
