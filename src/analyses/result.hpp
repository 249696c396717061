#pragma once
// The result model: every analysis writes into it, every report writer reads from it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

using EvidenceValue = std::variant<std::int64_t, double, std::string, std::vector<std::int64_t>,
                                   std::vector<std::string>>;
// Named facts behind a finding, in the order they should be shown. Names are string literals:
// a key that owned its text cost a heap block per fact, and reports hold millions of findings.
using Evidence = std::vector<std::pair<std::string_view, EvidenceValue>>;

enum class Role : std::uint8_t { unknown, server, client, peer };
// server and peer roles name the device's own port; client roles name the remote service port
// the device connects to (its ephemeral local ports are not listed one by one).
enum class PortSide : std::uint8_t { local, remote };

// The counts a port role was decided on, kept as numbers: a dataset of 50,000 homes has millions
// of roles, and as eight named facts each would hold a heap block of about 450 bytes. The reports
// name them with port_role_evidence().
struct PortRoleFacts {
  std::string_view rule;  // "initiator", "fan-in", "fan-out" or "fixed ports" (a literal)
  std::uint64_t flows = 0;
  std::uint64_t other_ports = 0;  // distinct ports on the other side of the flows
  std::uint64_t other_hosts = 0;  // distinct remote hosts; for a peer role, distinct peer devices
  std::uint64_t initiated_by_device = 0;
  std::uint64_t initiated_by_remote = 0;
  std::uint64_t initiator_unknown = 0;
  std::uint64_t bytes = 0;
};

struct PortRole {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  Role role = Role::unknown;
  PortSide side = PortSide::local;
  std::string scope;  // "local", "external" or "both": where the other ends are
  double confidence = 0;
  PortRoleFacts facts;
};

struct GraphEdge {  // device level, local scope only
  DeviceKey device;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  Transport transport = Transport::tcp;
  std::uint64_t peer_device = 0;  // 0: a local address that is no known device
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
};

struct SankeyLink {  // label level; node names are prefixed "device:", "lport:", "rport:", "peer:"
  std::string source;
  std::string target;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
};

struct LabelCount {
  std::string key;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
};

// The seeds' paired per-port charts: who talks to this device port, and which devices use it.
struct PortBreakdown {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string scope;  // "local" or "external"
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  std::vector<LabelCount> remote_ports;   // remote port -> flows
  std::vector<LabelCount> device_labels;  // labels of devices using this local port
  std::vector<LabelCount> peer_labels;    // labels on the remote side (local scope)
};

struct DeviceGraph {
  std::vector<GraphEdge> edges;
  std::vector<SankeyLink> local_sankey;
  std::vector<SankeyLink> external_sankey;
  std::vector<PortBreakdown> per_port;
  std::string caps;  // what was cut to keep the graph readable, in words
};

enum class ScanKind : std::uint8_t { host_sweep, port_scan };

struct ScanTarget {
  IpAddress address;
  std::uint64_t peer_device = 0;  // 0 when no known device
};

struct Scan {
  DeviceKey scanner;
  ScanKind kind = ScanKind::host_sweep;
  std::string method;  // "arp", "syn", "connect", "udp", "fin", ... ; empty when unknown
  std::vector<ScanTarget> targets;
  std::vector<std::uint16_t> ports;
  double start = 0;
  double end = 0;
  double confidence = 0;
  Evidence evidence;
};

struct Exposure {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string kind;  // "inbound", "upnp_mapping", "natpmp_mapping", "pcp_mapping", "ntp_responder",
                     // "risky_service"
  std::string service;
  double confidence = 0;
  Evidence evidence;
};

// What handshakes of a service negotiated: its weakest version and cipher.
struct NegotiatedTls {
  std::string version;       // "TLSv1.2", ...
  std::string cipher;        // IANA name
  std::string cipher_grade;  // "strong", "weak", "insecure"
};

struct EncryptionEntry {
  DeviceKey device;
  PeerScope peer_scope = PeerScope::external;
  std::uint64_t peer_device = 0;  // when peer_scope == local_device
  std::uint16_t port = 0;         // the server port
  Transport transport = Transport::tcp;
  std::string service;
  EncryptionStatus status = EncryptionStatus::unknown;
  HowKnown how_known = HowKnown::port;
  // Only services seen in a capture's handshakes have these, and a dataset of 50,000 homes has
  // 8.5 million entries without: out of line, shared and never changed in place, they cost
  // 16 bytes an entry instead of 96.
  std::shared_ptr<const NegotiatedTls> tls;
  std::optional<bool> self_signed;
  std::optional<bool> credentials_in_clear;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;

  std::string_view tls_version() const { return tls ? tls->version : std::string_view{}; }
  std::string_view cipher() const { return tls ? tls->cipher : std::string_view{}; }
  std::string_view cipher_grade() const { return tls ? tls->cipher_grade : std::string_view{}; }
};

struct PortUsageRow {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string service;
  std::uint64_t devices = 0;
  double fraction = 0;  // of all devices with traffic in that scope
};

struct PortSharingRow {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::uint64_t devices = 0;
  std::uint64_t vendors = 0;
  std::uint64_t device_types = 0;
  std::string sharing;  // "shared" (many manufacturers), "specific" (one), "few"
  std::vector<std::string> top_vendors;
};

struct TypeExternalRow {
  DeviceType type = DeviceType::unknown;
  std::uint64_t devices = 0;
  std::uint64_t devices_external = 0;
  double fraction = 0;
  std::vector<std::pair<std::uint16_t, std::uint64_t>> top_external_ports;  // port -> devices
};

struct BytesPerFlow {
  std::string scope;  // "local" or "external"
  std::uint64_t flows = 0;
  std::vector<std::pair<std::uint64_t, double>> cdf;  // upper bound in bytes -> cumulative fraction
  double median = 0;
  double p90 = 0;
};

// Active meets passive (the thesis' comparison): what a device offers to a probe, and whether
// passive data saw anyone use it.
struct OfferedService {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string service;  // from the probe's identification, else the port's well-known name
  std::string product;
  std::string version;
  std::string cpe;          // space-separated cpe:/ names from the matching probe rule
  std::string device_type;  // nmap's d/ word
  bool security_critical = false;
  bool used = false;         // passive data saw the device serve this port
  std::uint64_t flows = 0;   // passive flows on this local port
  double first_used_ts = 0;  // first passive flow on it; 0 when unused
};

// The thesis' "% devices unused" table: per service, how many devices offer it and how many of
// those were never seen using it.
struct ServiceUsageRow {
  std::string service;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  bool security_critical = false;
  std::uint64_t devices_offering = 0;
  std::uint64_t devices_unused = 0;
  double unused_fraction = 0;
};

struct DeviceServiceCoverage {
  DeviceKey device;
  bool answered = false;  // at least one open port
  std::uint64_t offered = 0;
  std::uint64_t offered_used = 0;
  std::uint64_t used_not_offered = 0;  // served passively, not found open by the probe
  double used_fraction = 0;            // offered_used / offered
  // When the last of its used services was first seen, as a fraction of the passive observation
  // period (0 = at the start, 1 = at the end); negative when it used none.
  double all_used_seen_at = -1;
};

// An open port seen from inside the home and/or from the Internet side.
struct VantageRow {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string service;
  bool open_internal = false;
  bool open_external = false;
};

// What the home's gateway told a probe: its UPnP IGD, the holes listed in it, NAT-PMP and PCP.
struct GatewayFacts {
  bool found = false;  // some probe asked a gateway
  DeviceKey device;
  bool upnp_igd = false;
  std::uint64_t upnp_mappings = 0;
  bool natpmp_answered = false;
  bool pcp_answered = false;
};

struct ActiveMeasurement {
  bool present = false;          // some probe result or nmap XML was an input
  bool passive_present = false;  // and flows to compare with
  std::uint64_t devices_probed = 0;
  std::uint64_t devices_answering = 0;
  double answering_fraction = 0;
  double mean_used_fraction = 0;  // over devices that offer something, with passive data
  double observation_start = 0;
  double observation_end = 0;
  std::vector<DeviceServiceCoverage> devices;
  std::vector<OfferedService> offered;          // every open port found, by device and port
  std::vector<ServiceUsageRow> by_service;      // most offered first
  std::vector<OfferedService> critical_unused;  // security-critical, offered, never used
  std::vector<OfferedService> used_not_offered;
  std::vector<VantageRow> vantage;  // empty without an external scan
  GatewayFacts gateway;
};

struct Measurement {
  std::vector<PortUsageRow> port_usage_local;
  std::vector<PortUsageRow> port_usage_external;
  std::vector<PortSharingRow> port_sharing;
  double shared_port_fraction = 0;
  double specific_port_fraction = 0;
  std::vector<TypeExternalRow> external_by_type;
  std::vector<BytesPerFlow> bytes_per_flow;
  ActiveMeasurement active;
};

struct Candidate {
  DeviceKey device;
  double score = 0;
  std::vector<std::string> reasons;
};

struct AnalysisResult {
  std::vector<PortRole> port_roles;
  DeviceGraph device_graph;
  std::vector<Scan> scans;
  std::vector<EncryptionEntry> encryption;
  std::vector<Exposure> exposure;
  Measurement measurement;
  std::vector<Candidate> candidates;
};

std::string_view to_string(Role value);
std::string_view to_string(PortSide value);
std::string_view to_string(ScanKind value);

}  // namespace iotscope
