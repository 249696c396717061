#include "sources/iotinspector/table_schema.hpp"

#include <fmt/format.h>

namespace iotscope {
namespace {

constexpr std::array<ColumnSpec, v1_device_col::count> kV1Devices{{
    {"user_key", true},
    {"device_id", true},
    {"device_ip", true},
    {"device_oui", true},
    {"dhcp_hostname", false},
    {"device_name", false},
    {"device_vendor", false},
    {"device_type", false},
    {"is_inspected", false},
}};
constexpr std::array<ColumnSpec, v1_flow_col::count> kV1Flows{{
    {"user_key", true},
    {"device_id", true},
    {"device_port", true},
    {"remote_ip", true},
    {"remote_port", true},
    {"protocol", true},
    {"syn_originator", false},
    {"remote_hostname", false},
    {"in_byte_count", true},
    {"out_byte_count", true},
    {"in_pkt_count", false},
    {"out_pkt_count", false},
    {"ts", true},
}};
constexpr std::array<ColumnSpec, v3_flow_col::count> kV3Flows{{
    {"timestamp", true},
    {"src_ip_address", true},
    {"dest_ip_address", true},
    {"src_hostname", false},
    {"dest_hostname", false},
    {"src_mac_address", true},
    {"dest_mac_address", true},
    {"src_port", true},
    {"dest_port", true},
    {"protocol", true},
    {"byte_count", true},
    {"packet_count", false},
}};
constexpr std::array<ColumnSpec, v3_device_col::count> kV3Devices{{
    {"mac_address", true},
    {"ip_address", false},
    {"is_inspected", true},
    {"is_gateway", false},
    {"metadata_json", false},
}};

constexpr std::array<TableKind, 4> kAllKinds{TableKind::v1_devices, TableKind::v1_flows,
                                             TableKind::v3_network_flows, TableKind::v3_devices};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

std::string_view clean_name(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\r'))
    name.remove_suffix(1);
  return name;
}

std::int8_t slot_in(std::span<const ColumnSpec> columns, std::string_view name) {
  name = clean_name(name);
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (equals_ignoring_case(name, columns[i].name)) return static_cast<std::int8_t>(i);
  return -1;
}

}  // namespace

std::string_view table_format_name(TableKind kind) {
  switch (kind) {
    case TableKind::v1_devices:
      return "iotinspector-v1-devices";
    case TableKind::v1_flows:
      return "iotinspector-v1-flows";
    case TableKind::v3_network_flows:
      return "iotinspector-v3-network_flows";
    case TableKind::v3_devices:
      return "iotinspector-v3-devices";
  }
  return "";
}

std::span<const ColumnSpec> table_columns(TableKind kind) {
  switch (kind) {
    case TableKind::v1_devices:
      return kV1Devices;
    case TableKind::v1_flows:
      return kV1Flows;
    case TableKind::v3_network_flows:
      return kV3Flows;
    case TableKind::v3_devices:
      return kV3Devices;
  }
  return {};
}

std::int8_t ColumnMap::slot_of_name(std::string_view name) const {
  return slot_in(table_columns(kind), name);
}

std::optional<ColumnMap> match_columns(std::span<const std::string_view> names,
                                       std::string& error) {
  // The table sharing the most column names wins; its own columns decide completeness.
  std::optional<TableKind> best;
  std::size_t best_score = 0;
  for (const TableKind kind : kAllKinds) {
    std::size_t score = 0;
    for (const auto name : names)
      if (slot_in(table_columns(kind), name) >= 0) ++score;
    if (score > best_score) {
      best_score = score;
      best = kind;
    }
  }
  if (!best || best_score < 2) {
    error =
        "no IoT Inspector table header found: expected the columns of a devices, flows or "
        "network_flows table";
    return std::nullopt;
  }
  ColumnMap map;
  map.kind = *best;
  const auto columns = table_columns(*best);
  std::vector<bool> seen(columns.size(), false);
  for (const auto name : names) {
    const std::int8_t slot = slot_in(columns, name);
    // A repeated column name: the first one counts.
    if (slot >= 0 && seen[static_cast<std::size_t>(slot)]) {
      map.slot_of_field.push_back(-1);
      continue;
    }
    if (slot >= 0) seen[static_cast<std::size_t>(slot)] = true;
    map.slot_of_field.push_back(slot);
  }
  std::string missing;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].required && !seen[i]) {
      if (!missing.empty()) missing += ", ";
      missing += columns[i].name;
    }
  }
  if (!missing.empty()) {
    error = fmt::format("looks like an {} table but lacks required columns: {}",
                        table_format_name(*best), missing);
    return std::nullopt;
  }
  return map;
}

}  // namespace iotscope
