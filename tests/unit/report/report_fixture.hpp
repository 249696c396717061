#pragma once
// A small hand-built report: 2 homes, 4 devices with addresses, and findings of every kind.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "report/report_model.hpp"
#include "util/hash.hpp"

namespace iotscope::testing {

inline constexpr const char* kKey =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
inline constexpr const char* kTrickyName = "Living, \"Room\"\nCam";

inline DeviceRecord make_device(const std::string& home, const std::string& source,
                                const std::string& ip, const std::string& mac,
                                const std::string& vendor, DeviceType type) {
  DeviceRecord device;
  device.key = DeviceKey{hash_text(home), hash_text(source)};
  device.home_id = home;
  device.source_id = source;
  device.ip = *IpAddress::parse(ip);
  device.mac = mac;
  device.oui = "AABBCC";
  device.oui_vendor = vendor + " Technologies";
  device.vendor = vendor;
  device.type = type;
  return device;
}

struct Fixture {
  Summaries summaries;
  ReportModel model;

  const DeviceRecord& camera() const { return model.devices[0]; }   // home-alpha
  const DeviceRecord& speaker() const { return model.devices[1]; }  // home-alpha
  const DeviceRecord& tv() const { return model.devices[2]; }       // home-beta
  const DeviceRecord& plug() const { return model.devices[3]; }     // home-beta

  // Every raw identifier the anonymized report must not show.
  std::vector<std::string> raw_identifiers() const {
    return {"192.168.1.10",
            "192.168.1.20",
            "10.0.0.30",
            "fd00::44",
            "192.168.1.99",
            "aa:bb:cc:00:00:01",
            "AA:BB:CC:00:00:01",
            "aa:bb:cc:00:00:02",
            "de:ad:be:ef:00:03",
            "de:ad:be:ef:00:04",
            "dev-a1-source",
            "dev-b2-source",
            "dev-c3-source",
            "dev-d4-source",
            "home-alpha-user-key",
            "home-beta-user-key",
            kKey};
  }
};

inline Fixture make_fixture(bool anonymize = true) {
  Fixture f;
  auto& m = f.model;
  m.options.anonymize = anonymize;
  m.options.anonymization_key = kKey;

  auto camera = make_device("home-alpha-user-key", "dev-a1-source", "192.168.1.10",
                            "aa:bb:cc:00:00:01", "Wyze", DeviceType::camera);
  camera.labels = {kTrickyName, "Wyze", "camera"};
  auto speaker = make_device("home-alpha-user-key", "dev-b2-source", "192.168.1.20",
                             "aa:bb:cc:00:00:02", "Amazon", DeviceType::voice_assistant);
  speaker.learnt_names = {"echo-kitchen", "AA:BB:CC:00:00:02"};
  auto tv = make_device("home-beta-user-key", "dev-c3-source", "10.0.0.30", "de:ad:be:ef:00:03",
                        "Google", DeviceType::media_tv);
  auto plug = make_device("home-beta-user-key", "dev-d4-source", "fd00::44", "de:ad:be:ef:00:04",
                          "TP-Link", DeviceType::plug_switch);
  plug.labels.name = "Plug near 10.0.0.30";
  m.devices = {camera, speaker, tv, plug};

  f.summaries.flows = 1234;
  f.summaries.first_ts = 1700000000.5;
  f.summaries.last_ts = 1700086400.25;
  m.summaries = &f.summaries;

  InputReport flows;
  flows.path = "/data/iot/flows.csv";
  flows.format = "iotinspector-v1-flows/csv";
  flows.records = 5000;
  flows.skipped = 12;
  flows.dropped = 3;
  flows.issues.push_back({flows.path, 17, 3, 0, "bad address '192.168.1.99': expected an IP"});
  flows.issues.push_back({flows.path, 40, 0, 0, "row for aa:bb:cc:00:00:01 has no port"});
  InputReport devices;
  devices.path = "/data/iot/devices.csv";
  devices.format = "iotinspector-v1-devices/csv";
  devices.records = 4;
  m.inputs = {flows, devices};
  m.warnings = {"OUI registry missing; vendor of 192.168.1.10 unknown"};

  auto& r = m.result;
  r.port_roles.push_back({camera.key, 554, Transport::tcp, Role::server, PortSide::local, "local",
                          0.9, PortRoleFacts{"fan-in", 20, 12, 3, 0, 0, 20, 4000}});
  r.port_roles.push_back(
      {speaker.key, 443, Transport::tcp, Role::client, PortSide::remote, "external", 0.75, {}});
  r.port_roles.push_back(
      {tv.key, 8009, Transport::udp, Role::peer, PortSide::local, "both", 0.5, {}});

  r.device_graph.edges.push_back(
      {speaker.key, 50000, 554, Transport::tcp, camera.key.device, 20, 4000});
  r.device_graph.edges.push_back({tv.key, 40000, 80, Transport::tcp, 0, 2, 300});
  r.device_graph.local_sankey.push_back({"device:Amazon voice_assistant", "lport:50000", 20, 4000});
  r.device_graph.local_sankey.push_back({"rport:554", "peer:192.168.1.10", 20, 4000});
  r.device_graph.external_sankey.push_back({"device:Google media_tv", "rport:443", 7, 9000});
  PortBreakdown breakdown;
  breakdown.port = 554;
  breakdown.transport = Transport::tcp;
  breakdown.scope = "local";
  breakdown.flows = 20;
  breakdown.bytes = 4000;
  breakdown.remote_ports = {{"50000", 10, 2000}, {"50001", 10, 2000}};
  breakdown.device_labels = {{kTrickyName, 20, 4000}};
  breakdown.peer_labels = {{"Amazon voice_assistant", 20, 4000}};
  r.device_graph.per_port.push_back(breakdown);
  r.device_graph.caps = "kept the top 15 ports";

  Scan port_scan;
  port_scan.scanner = tv.key;
  port_scan.kind = ScanKind::port_scan;
  port_scan.method = "syn";
  port_scan.targets = {{plug.ip, plug.key.device}};
  port_scan.ports = {21, 22, 23, 80, 443};
  port_scan.start = 1700000100.0;
  port_scan.end = 1700000160.5;
  port_scan.confidence = 0.95;
  port_scan.evidence = {{"ports", std::int64_t{5}},
                        {"target_ratio", 0.6},
                        {"targets_seen", std::vector<std::string>{"192.168.1.20"}},
                        {"sample_ports", std::vector<std::int64_t>{50000, 50001}}};
  Scan sweep;
  sweep.scanner = speaker.key;
  sweep.kind = ScanKind::host_sweep;
  sweep.targets = {{camera.ip, camera.key.device}, {*IpAddress::parse("192.168.1.99"), 0}};
  sweep.ports = {80};
  sweep.start = 1700000200.0;
  sweep.end = 1700000230.0;
  sweep.confidence = 0.8;
  r.scans = {port_scan, sweep};

  r.exposure.push_back({plug.key, 23, Transport::tcp, "inbound", "telnet", 0.85,
                        Evidence{{"distinct_remote_hosts", std::int64_t{7}}}});

  EncryptionEntry tls;
  tls.device = camera.key;
  tls.peer_scope = PeerScope::external;
  tls.port = 443;
  tls.service = "https";
  tls.status = EncryptionStatus::encrypted;
  tls.how_known = HowKnown::payload;
  tls.tls = std::make_shared<const NegotiatedTls>(
      NegotiatedTls{"TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "strong"});
  tls.self_signed = false;
  tls.flows = 40;
  tls.bytes = 100000;
  EncryptionEntry http;
  http.device = tv.key;
  http.peer_scope = PeerScope::local_device;
  http.peer_device = plug.key.device;
  http.port = 80;
  http.service = "http";
  http.status = EncryptionStatus::plaintext;
  http.how_known = HowKnown::payload;
  http.credentials_in_clear = true;
  http.flows = 3;
  http.bytes = 1500;
  EncryptionEntry mqtt;
  mqtt.device = speaker.key;
  mqtt.peer_scope = PeerScope::local_unknown;
  mqtt.port = 1883;
  mqtt.service = "mqtt";
  mqtt.status = EncryptionStatus::plaintext;
  mqtt.how_known = HowKnown::port;
  mqtt.flows = 5;
  mqtt.bytes = 700;
  r.encryption = {tls, http, mqtt};

  r.measurement.port_usage_local = {{5353, Transport::udp, "mdns", 3, 0.75},
                                    {1900, Transport::udp, "ssdp", 2, 0.5}};
  r.measurement.port_usage_external = {{443, Transport::tcp, "https", 4, 1.0}};
  r.measurement.port_sharing = {
      {443, Transport::tcp, 4, 4, 4, "shared", {"Amazon", "Google", "TP-Link"}},
      {8009, Transport::tcp, 1, 1, 1, "specific", {"Google"}}};
  r.measurement.shared_port_fraction = 0.5;
  r.measurement.specific_port_fraction = 0.5;
  r.measurement.external_by_type = {{DeviceType::camera, 1, 1, 1.0, {{443, 1}}},
                                    {DeviceType::media_tv, 1, 0, 0.0, {}}};
  r.measurement.bytes_per_flow = {
      {"local", 100, {{64, 0.25}, {1024, 0.9}, {4096, 1.0}}, 512, 1000}};

  r.candidates = {{camera.key, 0.5, {"serves RTSP on 554/tcp"}},
                  {plug.key, 0.9, {"telnet reachable from the Internet", "talks to 10.0.0.30"}}};
  return f;
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A fresh, empty folder under the system temp folder, named after the running test.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("iotscope-report-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace iotscope::testing
