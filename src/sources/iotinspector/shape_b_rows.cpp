#include "sources/iotinspector/shape_b_rows.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sources/text/field_parsers.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

struct Endpoint {
  std::uint64_t mac = 0;
  IpAddress ip;
  std::uint16_t port = 0;
  std::string_view hostname;
  std::string_view mac_text;
};

bool parse_mac_field(const TableRow& row, std::uint8_t slot, std::string_view name,
                     std::uint64_t& out, RowProblem& problem) {
  const auto mac = parse_mac48(row[slot]);
  if (!mac)
    return fail_field(slot, problem,
                      fmt::format("{} {} is not a MAC address (expected aa:bb:cc:dd:ee:ff)", name,
                                  quote_for_message(row[slot])));
  out = *mac;
  return true;
}

bool is_inspected(const ShapeBHome& home, const Endpoint& end) {
  if (home.has_device_table) return home.inspected_macs.contains(end.mac);
  return end.ip.is_private() || end.ip.is_link_local();
}

// The window of `device`, talking to `remote`.
FlowWindow orient(const ShapeBHome& home, const Endpoint& device, const Endpoint& remote,
                  bool device_sent, std::uint64_t bytes, std::uint64_t packets, double ts,
                  Transport transport) {
  FlowWindow w;
  const auto mac_text = mac48_text(device.mac);
  w.device = DeviceKey{hash_text(home.home_id), hash_text({mac_text.data(), mac_text.size()})};
  w.remote_ip = remote.ip;
  w.ts = ts;
  (device_sent ? w.bytes_out : w.bytes_in) = bytes;
  (device_sent ? w.packets_out : w.packets_in) = packets;
  w.device_port = device.port;
  w.remote_port = remote.port;
  w.transport = transport;
  w.remote_hostname = remote.hostname;
  if (!w.remote_hostname.empty() && w.remote_hostname.back() == '?')
    w.remote_hostname.remove_suffix(1);
  w.peer_named_local = w.remote_hostname == "(Local Network)";
  if (w.peer_named_local) w.remote_hostname = {};
  w.home_id = home.home_id;
  w.device_id = device.mac_text;
  w.device_id_is_mac = true;
  return w;
}

void add_names_from(const nlohmann::json& value, std::vector<std::string>& names) {
  static constexpr std::string_view kNameKeys[] = {"name",         "hostname",    "friendly_name",
                                                   "friendlyName", "device_name", "model_name",
                                                   "modelName"};
  if (value.is_string()) {
    // The v3 database stores nested JSON as text.
    auto nested = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
    if (!nested.is_discarded() && (nested.is_object() || nested.is_array()))
      add_names_from(nested, names);
    return;
  }
  if (value.is_array()) {
    for (const auto& item : value) add_names_from(item, names);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, item] : value.items()) {
    for (const auto wanted : kNameKeys) {
      if (key == wanted && item.is_string() && !item.get<std::string>().empty()) {
        const auto name = item.get<std::string>();
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
    if (item.is_object() || item.is_array()) add_names_from(item, names);
  }
}

}  // namespace

ShapeBRowResult parse_v3_flow_row(const TableRow& row, const ShapeBHome& home,
                                  std::array<FlowWindow, 2>& windows, RowProblem& problem) {
  namespace col = v3_flow_col;
  ShapeBRowResult result;
  Endpoint src;
  Endpoint dest;
  double ts = 0;
  Transport transport = Transport::other;
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  if (!parse_time_field(row, col::timestamp, "timestamp", ts, problem) ||
      !parse_ip_field(row, col::src_ip_address, "src_ip_address", src.ip, problem) ||
      !parse_ip_field(row, col::dest_ip_address, "dest_ip_address", dest.ip, problem) ||
      !parse_mac_field(row, col::src_mac_address, "src_mac_address", src.mac, problem) ||
      !parse_mac_field(row, col::dest_mac_address, "dest_mac_address", dest.mac, problem) ||
      !parse_port_field(row, col::src_port, "src_port", src.port, problem) ||
      !parse_port_field(row, col::dest_port, "dest_port", dest.port, problem) ||
      !parse_transport_field(row, col::protocol, transport, problem) ||
      !parse_count_field(row, col::byte_count, "byte_count", bytes, problem) ||
      !parse_count_field(row, col::packet_count, "packet_count", packets, problem))
    return result;
  src.hostname = row[col::src_hostname];
  dest.hostname = row[col::dest_hostname];
  src.mac_text = row[col::src_mac_address];
  dest.mac_text = row[col::dest_mac_address];
  result.outcome = RowOutcome::kept;
  auto emit = [&](const Endpoint& device, const Endpoint& remote, bool device_sent) {
    if (remote.port == kInspectorProbePort) {
      ++result.dropped;
      return;
    }
    windows[result.windows++] =
        orient(home, device, remote, device_sent, bytes, packets, ts, transport);
  };
  const bool src_inspected = is_inspected(home, src);
  const bool dest_inspected = is_inspected(home, dest) && dest.mac != src.mac;
  if (src_inspected) emit(src, dest, true);
  if (dest_inspected) emit(dest, src, false);
  if (!src_inspected && !dest_inspected) result.dropped = 1;
  if (result.windows == 0) result.outcome = RowOutcome::dropped;
  return result;
}

std::optional<ShapeBDevice> parse_v3_device_row(const TableRow& row, RowProblem& problem) {
  namespace col = v3_device_col;
  ShapeBDevice device;
  if (!parse_mac_field(row, col::mac_address, "mac_address", device.mac48, problem))
    return std::nullopt;
  DeviceRecord& record = device.record;
  const auto mac_text = mac48_text(device.mac48);
  record.mac.assign(mac_text.data(), mac_text.size());
  record.source_id = record.mac;
  record.oui = canonical_oui(record.mac).value_or("");
  if (!row[col::ip_address].empty() &&
      !parse_ip_field(row, col::ip_address, "ip_address", record.ip, problem))
    return std::nullopt;
  record.inspected = is_truthy(row[col::is_inspected]);
  record.is_gateway = is_truthy(row[col::is_gateway]);
  const std::string_view metadata = row[col::metadata_json];
  if (!metadata.empty()) {
    auto json = nlohmann::json::parse(metadata.begin(), metadata.end(), nullptr, false);
    if (json.is_string()) json = nlohmann::json::parse(json.get<std::string>(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
      fail_field(col::metadata_json, problem,
                 fmt::format("metadata_json {} is not a JSON object", quote_for_message(metadata)));
      return std::nullopt;
    }
    auto text = [&](const char* key) {
      const auto it = json.find(key);
      return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    record.oui_vendor = text("oui_vendor");
    if (auto dhcp = text("dhcp_hostname"); !dhcp.empty()) record.learnt_names.push_back(dhcp);
    for (const char* key : {"mdns_json", "ssdp_json"}) {
      const auto it = json.find(key);
      if (it != json.end()) add_names_from(*it, record.learnt_names);
    }
  }
  return device;
}

}  // namespace iotscope
