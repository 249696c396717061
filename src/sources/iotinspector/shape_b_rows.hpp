#pragma once
// Rows of the v3 local database export (shape B). A network_flows row describes a packet
// stream from src to dest; iotscope turns it around each inspected device it touches, so a row
// between two inspected devices yields a window for each of them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "model/device_record.hpp"
#include "sources/iotinspector/flow_window.hpp"
#include "sources/iotinspector/shape_a_rows.hpp"
#include "sources/iotinspector/table_row.hpp"

namespace iotscope {

// What a shape-B flows file needs to know about its home.
struct ShapeBHome {
  std::string home_id;  // the gateway's MAC, or the directory name (see dataset_reader.cpp)
  std::unordered_set<std::uint64_t> inspected_macs;  // 48-bit MACs
  // Without a devices table nobody knows which devices were inspected: each end with a local
  // (private, link-local) address is then taken as a device of the home.
  bool has_device_table = false;
};

struct ShapeBRowResult {
  RowOutcome outcome = RowOutcome::bad;
  std::uint8_t windows = 0;  // filled entries of the output array
  std::uint8_t dropped = 0;  // windows dropped on purpose (probe port; no inspected end)
};

ShapeBRowResult parse_v3_flow_row(const TableRow& row, const ShapeBHome& home,
                                  std::array<FlowWindow, 2>& windows, RowProblem& problem);

// A v3 devices row: the record lacks its home (known once the whole table was read).
struct ShapeBDevice {
  DeviceRecord record;
  std::uint64_t mac48 = 0;
};
std::optional<ShapeBDevice> parse_v3_device_row(const TableRow& row, RowProblem& problem);

}  // namespace iotscope
