#pragma once
// Rows of the v1 server export (shape A): devices and flows, keyed by (user_key, device_id).
#include <optional>

#include "model/device_record.hpp"
#include "sources/iotinspector/flow_window.hpp"
#include "sources/iotinspector/table_row.hpp"
#include "sources/iotinspector/text_hash_cache.hpp"

namespace iotscope {

// IoT Inspector's own SYN probes of the device show up as flows to this remote port.
inline constexpr std::uint16_t kInspectorProbePort = 44444;

enum class RowOutcome : std::uint8_t { kept, dropped, bad };

// A flows row -> one window. `dropped` for probe artefacts (remote port 44444).
RowOutcome parse_v1_flow_row(const TableRow& row, FlowWindow& window, RowProblem& problem);
// The same, hashing the ids through caches that the caller keeps across rows.
RowOutcome parse_v1_flow_row(const TableRow& row, FlowWindow& window, RowProblem& problem,
                             TextHashCache& home_hashes, TextHashCache& device_hashes);

// A devices row -> a device record; nullopt (with `problem`) for a bad row.
std::optional<DeviceRecord> parse_v1_device_row(const TableRow& row, RowProblem& problem);

// Shared field checks, also used by shape B.
bool parse_port_field(const TableRow& row, std::uint8_t slot, std::string_view name,
                      std::uint16_t& out, RowProblem& problem);
bool parse_count_field(const TableRow& row, std::uint8_t slot, std::string_view name,
                       std::uint64_t& out, RowProblem& problem);
bool parse_time_field(const TableRow& row, std::uint8_t slot, std::string_view name, double& out,
                      RowProblem& problem);
bool parse_ip_field(const TableRow& row, std::uint8_t slot, std::string_view name, IpAddress& out,
                    RowProblem& problem);
bool parse_transport_field(const TableRow& row, std::uint8_t slot, Transport& out,
                           RowProblem& problem);
bool fail_field(std::uint8_t slot, RowProblem& problem, std::string message);

}  // namespace iotscope
