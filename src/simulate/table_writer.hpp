#pragma once
// Formats a home's devices and flow windows as IoT Inspector shape A text (CSV, TSV or JSON
// Lines) with hand-rolled number formatting and one append per row.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulate/home.hpp"

namespace iotscope::sim {

enum class TableFormat : std::uint8_t { csv, tsv, jsonl };

// The exact column lists of docs/simulator.md (shape A of iot-inspector-format.md).
std::string_view devices_header(TableFormat format);
std::string_view flows_header(TableFormat format);

void append_devices(const Home& home, TableFormat format, std::string& out);

struct RowCounts {
  std::uint64_t rows = 0;
  std::uint64_t flows = 0;
  std::uint64_t probe_rows = 0;
};

// Reusable buffers so formatting a home allocates nothing once warmed up.
struct FlowTableScratch {
  std::vector<std::uint64_t> order;
  std::string prefixes;
  std::vector<std::uint32_t> prefix_offsets;
};

// Appends every window of every flow, all rows of the home in time order.
RowCounts append_flows(const Home& home, const HomeTraffic& traffic, TableFormat format,
                       FlowTableScratch& scratch, std::string& out);

// Bytes and packets of one window, as the flow's device saw them.
struct WindowCounts {
  std::uint32_t in_bytes = 0;
  std::uint32_t out_bytes = 0;
  std::uint32_t in_packets = 0;
  std::uint32_t out_packets = 0;
};
WindowCounts window_counts(const Flow& flow, std::uint32_t ordinal);

// Appends a dotted quad.
void append_ipv4(std::uint32_t address, std::string& out);

}  // namespace iotscope::sim
