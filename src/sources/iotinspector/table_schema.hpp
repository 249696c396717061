#pragma once
// The four IoT Inspector tables iotscope reads, their columns, and how a header (or the keys of
// a JSON object) maps onto them. Column order may vary and extra columns are ignored.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

enum class TableKind : std::uint8_t { v1_devices, v1_flows, v3_network_flows, v3_devices };

// "iotinspector-v1-flows" etc.: the first half of an InputReport format.
std::string_view table_format_name(TableKind kind);
constexpr bool is_device_table(TableKind kind) {
  return kind == TableKind::v1_devices || kind == TableKind::v3_devices;
}

inline constexpr std::size_t kMaxTableColumns = 16;

// Column slots of each table: indices into TableRow::values.
namespace v1_device_col {
enum : std::uint8_t {
  user_key,
  device_id,
  device_ip,
  device_oui,
  dhcp_hostname,
  device_name,
  device_vendor,
  device_type,
  is_inspected,
  count
};
}
namespace v1_flow_col {
enum : std::uint8_t {
  user_key,
  device_id,
  device_port,
  remote_ip,
  remote_port,
  protocol,
  syn_originator,
  remote_hostname,
  in_byte_count,
  out_byte_count,
  in_pkt_count,
  out_pkt_count,
  ts,
  count
};
}
namespace v3_flow_col {
enum : std::uint8_t {
  timestamp,
  src_ip_address,
  dest_ip_address,
  src_hostname,
  dest_hostname,
  src_mac_address,
  dest_mac_address,
  src_port,
  dest_port,
  protocol,
  byte_count,
  packet_count,
  count
};
}
namespace v3_device_col {
enum : std::uint8_t { mac_address, ip_address, is_inspected, is_gateway, metadata_json, count };
}

struct ColumnSpec {
  std::string_view name;
  bool required;
};

std::span<const ColumnSpec> table_columns(TableKind kind);

// How the fields of one table file map onto its slots.
struct ColumnMap {
  TableKind kind = TableKind::v1_flows;
  std::vector<std::int8_t> slot_of_field;  // per header field: slot or -1 (ignored column)
  // Matches a column name (case-insensitive) to a slot, or -1.
  std::int8_t slot_of_name(std::string_view name) const;
};

// Picks the table whose columns best match `names`. On failure returns nullopt and sets `error`
// (no IoT Inspector columns at all, or the best match lacks required columns, listed).
std::optional<ColumnMap> match_columns(std::span<const std::string_view> names, std::string& error);

}  // namespace iotscope
