#include "sources/zeek/zeek_flow_converter.hpp"

#include <algorithm>

#include "flows/connection.hpp"
#include "payload/cipher_suites.hpp"
#include "sources/text/field_parsers.hpp"
#include "sources/zeek/validation_status.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

bool is_unspecified(const IpAddress& ip) {
  if (ip.is_unset()) return false;
  if (ip.is_v4()) return ip.v4_value() == 0;
  for (const auto byte : ip.bytes())
    if (byte != 0) return false;
  return true;
}

std::optional<std::string> mac_of(const std::optional<std::string>& l2_addr) {
  if (!l2_addr) return std::nullopt;
  return canonical_mac(*l2_addr);
}

// IP-level bytes count what crossed the wire, headers included, and stay right when Zeek missed
// payload; payload bytes are the fallback.
std::uint64_t bytes_of(const std::optional<std::uint64_t>& ip_bytes,
                       const std::optional<std::uint64_t>& payload_bytes) {
  return ip_bytes ? *ip_bytes : payload_bytes.value_or(0);
}

}  // namespace

std::optional<ConnState> conn_state_of_zeek(std::string_view state) {
  const auto zeek_state = conn_state_from_name(state);
  if (!zeek_state) return std::nullopt;
  return outcome_of(*zeek_state);
}

ZeekFlowConverter::ZeekFlowConverter(ZeekConversionOptions options)
    : options_(std::move(options)), home_(hash_text(options_.home_id)) {}

bool ZeekFlowConverter::is_device_address(const Endpoint& endpoint) const {
  if (endpoint.ip.is_unset() || options_.local_networks.is_group_address(endpoint.ip)) return false;
  // A DHCP client still without an address (0.0.0.0) is a local device when its MAC is known.
  if (is_unspecified(endpoint.ip)) return endpoint.mac.has_value();
  return options_.local_networks.contains(endpoint.ip);
}

DeviceKey ZeekFlowConverter::key_of(const IpAddress& ip,
                                    const std::optional<std::string>& mac) const {
  return DeviceKey{home_, hash_text(mac ? *mac : ip.to_string())};
}

void ZeekFlowConverter::remember_device(const Endpoint& endpoint) {
  const DeviceKey key = key_of(endpoint.ip, endpoint.mac);
  auto [it, inserted] = devices_.try_emplace(key.device);
  DeviceRecord& device = it->second;
  if (inserted) {
    device.key = key;
    device.home_id = options_.home_id;
    device.source_id = endpoint.mac ? *endpoint.mac : endpoint.ip.to_string();
    if (endpoint.mac) {
      device.mac = *endpoint.mac;
      device.oui = canonical_oui(*endpoint.mac).value_or("");
    }
  }
  if (device.ip.is_unset() && !is_unspecified(endpoint.ip)) device.ip = endpoint.ip;
  const bool room = options_.max_addresses == 0 || mac_of_ip_.size() < options_.max_addresses;
  if (endpoint.mac && !is_unspecified(endpoint.ip) && room)
    mac_of_ip_.try_emplace(endpoint.ip, *endpoint.mac);
}

FlowRecord ZeekFlowConverter::flow_of(const ZeekConn& row, const Endpoint& device,
                                      const Endpoint& remote, bool device_is_orig) const {
  FlowRecord flow;
  flow.device = key_of(device.ip, device.mac);
  flow.device_port = device.port;
  flow.remote_ip = remote.ip;
  flow.remote_port = remote.port;
  flow.transport = parse_transport(row.proto.value_or("")).value_or(Transport::other);
  if (options_.local_networks.is_group_address(remote.ip)) {
    flow.scope = PeerScope::multicast_broadcast;
  } else if (is_device_address(remote)) {
    flow.scope = PeerScope::local_device;
    flow.peer_device = key_of(remote.ip, remote.mac).device;
  } else if (remote.ip.is_local() || is_unspecified(remote.ip)) {
    flow.scope = PeerScope::local_unknown;
  } else {
    flow.scope = PeerScope::external;
  }
  flow.first_ts = row.ts.value_or(0);
  flow.last_ts = flow.first_ts + row.duration.value_or(0);
  const std::uint64_t orig_bytes = bytes_of(row.orig_ip_bytes, row.orig_bytes);
  const std::uint64_t resp_bytes = bytes_of(row.resp_ip_bytes, row.resp_bytes);
  const std::uint64_t orig_pkts = row.orig_pkts.value_or(0);
  const std::uint64_t resp_pkts = row.resp_pkts.value_or(0);
  flow.bytes_out = device_is_orig ? orig_bytes : resp_bytes;
  flow.bytes_in = device_is_orig ? resp_bytes : orig_bytes;
  flow.packets_out = device_is_orig ? orig_pkts : resp_pkts;
  flow.packets_in = device_is_orig ? resp_pkts : orig_pkts;
  flow.initiator = device_is_orig ? Initiator::device : Initiator::remote;
  flow.state = conn_state_of_zeek(row.conn_state.value_or("")).value_or(ConnState::unknown);
  if (row.service && !row.service->empty()) {
    flow.app_protocol = *row.service;
    flow.app_how = HowKnown::payload;  // Zeek's dynamic protocol detection read the payload
  }
  return flow;
}

void ZeekFlowConverter::add_conn(const ZeekConn& row, const FlowSink& sink) {
  ++stats_.conns;
  if (row.orig_h.is_unset() || row.resp_h.is_unset()) {
    ++stats_.conns_without_addresses;
    return;
  }
  const Endpoint orig{row.orig_h, row.orig_p.value_or(0), mac_of(row.orig_l2_addr)};
  const Endpoint resp{row.resp_h, row.resp_p.value_or(0), mac_of(row.resp_l2_addr)};
  const bool orig_local = is_device_address(orig);
  const bool resp_local = is_device_address(resp);
  if (!orig_local && !resp_local) {
    ++stats_.conns_without_local_end;
    return;
  }
  const auto tls = tls_by_uid_.find(row.uid);
  const bool peer_answered =
      answered(conn_state_of_zeek(row.conn_state.value_or("")).value_or(ConnState::unknown));
  auto emit = [&](const Endpoint& device, const Endpoint& remote, bool device_is_orig) {
    if (options_.admit_device &&
        !options_.admit_device(key_of(device.ip, device.mac), peer_answered)) {
      ++stats_.flows_refused;
      return;
    }
    remember_device(device);
    FlowRecord flow = flow_of(row, device, remote, device_is_orig);
    if (tls != tls_by_uid_.end()) {
      flow.tls = tls->second.facts;
      flow.remote_hostname = tls->second.server_name;
      ++stats_.flows_with_tls;
    }
    ++stats_.flows;
    sink(flow);
  };
  if (orig_local) emit(orig, resp, true);
  if (resp_local) emit(resp, orig, false);
  if (tls != tls_by_uid_.end()) tls_by_uid_.erase(tls);
}

std::vector<FlowRecord> ZeekFlowConverter::convert_conn(const ZeekConn& row) {
  std::vector<FlowRecord> flows;
  add_conn(row, [&](const FlowRecord& flow) { flows.push_back(flow); });
  return flows;
}

void ZeekFlowConverter::add_ssl(const ZeekSsl& row) {
  ++stats_.ssl_rows;
  TlsJoin join;
  join.facts.version = row.version.value_or("");  // Zeek's spelling, as TlsFacts wants
  join.facts.cipher = row.cipher.value_or("");
  const auto grade = grade_cipher_suite(join.facts.cipher);
  join.facts.cipher_grade = grade ? std::string(to_string(*grade)) : std::string{};
  if (row.validation_status)
    join.facts.self_signed = self_signed_from_validation(*row.validation_status);
  join.server_name = row.server_name.value_or("");

  const Endpoint orig{row.orig_h, row.orig_p.value_or(0), std::nullopt};
  const Endpoint resp{row.resp_h, row.resp_p.value_or(0), std::nullopt};
  const bool client_is_local = is_device_address(orig);
  if (client_is_local || is_device_address(resp)) {
    Observation observation;
    observation.ts = row.ts.value_or(0);
    observation.kind = "tls_handshake";
    observation.peer = client_is_local ? resp.ip : orig.ip;
    observation.port = resp.port;
    auto& fields = observation.fields;
    fields["role"] = client_is_local ? "client" : "server";
    if (!join.facts.version.empty()) fields["version"] = join.facts.version;
    if (row.cipher) fields["cipher"] = *row.cipher;
    if (row.server_name) fields["server_name"] = *row.server_name;
    if (row.established) fields["established"] = *row.established ? "true" : "false";
    if (row.resumed) fields["resumed"] = *row.resumed ? "true" : "false";
    observations_.push_back({client_is_local ? orig.ip : resp.ip, std::move(observation)});
  } else {
    ++stats_.ssl_without_local_end;
  }
  if (!row.uid.empty()) tls_by_uid_[row.uid] = std::move(join);
}

std::vector<DeviceRecord> ZeekFlowConverter::devices() const {
  std::vector<DeviceRecord> out;
  out.reserve(devices_.size());
  for (const auto& [device, record] : devices_) out.push_back(record);
  // A TLS client seen only in ssl.log still gets a record, so its observations name a device.
  for (const auto& pending : observations_) {
    if (mac_of_ip_.contains(pending.device_ip)) continue;
    const DeviceKey key = key_of(pending.device_ip, std::nullopt);
    if (devices_.contains(key.device)) continue;
    const bool listed =
        std::any_of(out.begin(), out.end(), [&](const DeviceRecord& d) { return d.key == key; });
    if (listed) continue;
    DeviceRecord record;
    record.key = key;
    record.home_id = options_.home_id;
    record.source_id = pending.device_ip.to_string();
    record.ip = pending.device_ip;
    out.push_back(std::move(record));
  }
  std::sort(out.begin(), out.end(),
            [](const DeviceRecord& a, const DeviceRecord& b) { return a.key < b.key; });
  return out;
}

std::vector<Observation> ZeekFlowConverter::observations() const {
  std::vector<Observation> out;
  out.reserve(observations_.size());
  for (const auto& pending : observations_) {
    Observation observation = pending.observation;
    const auto mac = mac_of_ip_.find(pending.device_ip);
    observation.device =
        key_of(pending.device_ip,
               mac == mac_of_ip_.end() ? std::nullopt : std::optional<std::string>(mac->second));
    out.push_back(std::move(observation));
  }
  return out;
}

}  // namespace iotscope
