#include "sources/iotinspector/shape_a_rows.hpp"

#include <fmt/format.h>

#include "sources/text/field_parsers.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

constexpr std::string_view kLocalNetworkName = "(Local Network)";

bool is_missing_marker(std::string_view text) {
  return text.empty() || text == "nan" || text == "NaN" || text == "None" || text == "null";
}

bool parse_initiator(const TableRow& row, Initiator& out, RowProblem& problem) {
  const std::string_view text = row[v1_flow_col::syn_originator];
  if (is_missing_marker(text)) {
    out = Initiator::unknown;
  } else if (text == "local") {
    out = Initiator::device;
  } else if (text == "remote") {
    out = Initiator::remote;
  } else {
    return fail_field(v1_flow_col::syn_originator, problem,
                      fmt::format("syn_originator {} is not an originator (expected local, "
                                  "remote or empty)",
                                  quote_for_message(text)));
  }
  return true;
}

bool require_text(const TableRow& row, std::uint8_t slot, std::string_view name,
                  std::string_view what, RowProblem& problem) {
  if (!row[slot].empty()) return true;
  return fail_field(slot, problem, fmt::format("{} is empty (expected {})", name, what));
}

}  // namespace

bool fail_field(std::uint8_t slot, RowProblem& problem, std::string message) {
  problem.slot = slot;
  problem.message = std::move(message);
  return false;
}

bool parse_port_field(const TableRow& row, std::uint8_t slot, std::string_view name,
                      std::uint16_t& out, RowProblem& problem) {
  const std::string_view text = row[slot];
  if (text.empty())
    return fail_field(slot, problem,
                      fmt::format("{} is empty (expected an integer 0-65535)", name));
  const auto port = parse_port(text);
  if (!port)
    return fail_field(slot, problem,
                      fmt::format("{} {} is not a port number (expected an integer 0-65535)", name,
                                  quote_for_message(text)));
  out = *port;
  return true;
}

bool parse_count_field(const TableRow& row, std::uint8_t slot, std::string_view name,
                       std::uint64_t& out, RowProblem& problem) {
  const auto count = parse_count(row[slot]);
  if (!count)
    return fail_field(slot, problem,
                      fmt::format("{} {} is not a count (expected a non-negative integer)", name,
                                  quote_for_message(row[slot])));
  out = *count;
  return true;
}

bool parse_time_field(const TableRow& row, std::uint8_t slot, std::string_view name, double& out,
                      RowProblem& problem) {
  const std::string_view text = row[slot];
  if (text.empty())
    return fail_field(slot, problem, fmt::format("{} is empty (expected Unix seconds)", name));
  const auto time = parse_unix_time(text);
  if (!time)
    return fail_field(slot, problem,
                      fmt::format("{} {} is not a time (expected Unix seconds or an ISO 8601 "
                                  "UTC time)",
                                  name, quote_for_message(text)));
  out = *time;
  return true;
}

bool parse_ip_field(const TableRow& row, std::uint8_t slot, std::string_view name, IpAddress& out,
                    RowProblem& problem) {
  const std::string_view text = row[slot];
  const auto ip = parse_ip(text);
  if (!ip)
    return fail_field(slot, problem,
                      fmt::format("{} {} is not an IP address (expected IPv4 or IPv6 text)", name,
                                  quote_for_message(text)));
  out = *ip;
  return true;
}

bool parse_transport_field(const TableRow& row, std::uint8_t slot, Transport& out,
                           RowProblem& problem) {
  const std::string_view text = row[slot];
  const auto transport = parse_transport(text);
  if (!transport || (*transport != Transport::tcp && *transport != Transport::udp))
    return fail_field(
        slot, problem,
        fmt::format("protocol {} is not supported (expected tcp or udp)", quote_for_message(text)));
  out = *transport;
  return true;
}

RowOutcome parse_v1_flow_row(const TableRow& row, FlowWindow& window, RowProblem& problem) {
  TextHashCache home_hashes;
  TextHashCache device_hashes;
  return parse_v1_flow_row(row, window, problem, home_hashes, device_hashes);
}

RowOutcome parse_v1_flow_row(const TableRow& row, FlowWindow& window, RowProblem& problem,
                             TextHashCache& home_hashes, TextHashCache& device_hashes) {
  namespace col = v1_flow_col;
  const std::string_view user_key = row[col::user_key];
  const std::string_view device_id = row[col::device_id];
  if (!require_text(row, col::user_key, "user_key", "an installation id", problem) ||
      !require_text(row, col::device_id, "device_id", "a device id", problem) ||
      !parse_port_field(row, col::device_port, "device_port", window.device_port, problem) ||
      !parse_ip_field(row, col::remote_ip, "remote_ip", window.remote_ip, problem) ||
      !parse_port_field(row, col::remote_port, "remote_port", window.remote_port, problem) ||
      !parse_transport_field(row, col::protocol, window.transport, problem) ||
      !parse_initiator(row, window.initiator, problem) ||
      !parse_count_field(row, col::in_byte_count, "in_byte_count", window.bytes_in, problem) ||
      !parse_count_field(row, col::out_byte_count, "out_byte_count", window.bytes_out, problem) ||
      !parse_count_field(row, col::in_pkt_count, "in_pkt_count", window.packets_in, problem) ||
      !parse_count_field(row, col::out_pkt_count, "out_pkt_count", window.packets_out, problem) ||
      !parse_time_field(row, col::ts, "ts", window.ts, problem))
    return RowOutcome::bad;
  if (window.remote_port == kInspectorProbePort) return RowOutcome::dropped;
  window.device = DeviceKey{home_hashes(user_key), device_hashes(device_id)};
  window.home_id = user_key;
  window.device_id = device_id;
  window.device_id_is_mac = false;
  std::string_view hostname = row[col::remote_hostname];
  window.peer_named_local = hostname == kLocalNetworkName;
  if (window.peer_named_local || is_missing_marker(hostname)) hostname = {};
  if (!hostname.empty() && hostname.back() == '?') hostname.remove_suffix(1);
  window.remote_hostname = hostname;
  return RowOutcome::kept;
}

std::optional<DeviceRecord> parse_v1_device_row(const TableRow& row, RowProblem& problem) {
  namespace col = v1_device_col;
  if (!require_text(row, col::user_key, "user_key", "an installation id", problem) ||
      !require_text(row, col::device_id, "device_id", "a device id", problem))
    return std::nullopt;
  DeviceRecord device;
  device.home_id = std::string(row[col::user_key]);
  device.source_id = std::string(row[col::device_id]);
  device.key = DeviceKey{hash_text(device.home_id), hash_text(device.source_id)};
  if (!is_missing_marker(row[col::device_ip]) &&
      !parse_ip_field(row, col::device_ip, "device_ip", device.ip, problem))
    return std::nullopt;
  const std::string_view oui = row[col::device_oui];
  if (!is_missing_marker(oui)) {
    const auto canonical = canonical_oui(oui);
    if (!canonical) {
      fail_field(col::device_oui, problem,
                 fmt::format("device_oui {} is not an OUI (expected 6 hex digits)",
                             quote_for_message(oui)));
      return std::nullopt;
    }
    device.oui = *canonical;
  }
  auto label = [&](std::uint8_t slot) {
    const std::string_view text = trim_spaces(row[slot]);
    return is_missing_marker(text) ? std::string() : std::string(text);
  };
  device.labels =
      UserLabels{label(col::device_name), label(col::device_vendor), label(col::device_type)};
  if (auto dhcp = label(col::dhcp_hostname); !dhcp.empty())
    device.learnt_names.push_back(std::move(dhcp));
  device.inspected = row.columns[col::is_inspected] == 0 || is_truthy(row[col::is_inspected]);
  return device;
}

}  // namespace iotscope
