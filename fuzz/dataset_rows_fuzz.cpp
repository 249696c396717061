// libFuzzer target for the text side of the IoT Inspector reader, in memory: the table is
// detected from the bytes (CSV, TSV or JSON Lines header, either shape), every record is cut and
// filled by the table cursor, parsed by the row parser of its table, and flow windows are
// assembled into flows. This is what each reader worker does with a chunk, without the file,
// chunking, decompression and threads of iotinspector_reader_fuzz, so it runs hundreds of times
// faster. Every bad record must come with a problem that says where and why.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "model/device_record.hpp"
#include "sources/iotinspector/device_directory.hpp"
#include "sources/iotinspector/format_detection.hpp"
#include "sources/iotinspector/shape_a_rows.hpp"
#include "sources/iotinspector/shape_b_rows.hpp"
#include "sources/iotinspector/table_cursor.hpp"
#include "sources/iotinspector/window_assembler.hpp"

namespace {

using namespace iotscope;

class CountingAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord& flow) override {
    if (flow.last_ts < flow.first_ts) std::abort();
  }
};

// One record through the parser of its table; flow windows go to the assembler.
void parse_row(TableKind kind, const TableRow& row, const ShapeBHome& home,
               WindowAssembler& assembler, RowProblem& problem) {
  switch (kind) {
    case TableKind::v1_devices:
      (void)parse_v1_device_row(row, problem);
      break;
    case TableKind::v3_devices:
      (void)parse_v3_device_row(row, problem);
      break;
    case TableKind::v1_flows: {
      FlowWindow window;
      if (parse_v1_flow_row(row, window, problem) == RowOutcome::kept) assembler.add(window, 0);
      break;
    }
    case TableKind::v3_network_flows: {
      std::array<FlowWindow, 2> windows;
      const auto result = parse_v3_flow_row(row, home, windows, problem);
      for (std::uint8_t i = 0; i < result.windows; ++i) assembler.add(windows[i], 0);
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Detection detection = detect_table_text(text, true);
  if (!detection.table) {
    if (detection.error.empty()) std::abort();  // an unrecognised input says why
    return 0;
  }
  const DetectedTable& table = *detection.table;
  if (table.data_offset > text.size()) std::abort();
  static const DeviceDirectory directory;
  ShapeBHome home;
  home.home_id = "fuzz";
  CountingAggregator aggregator;
  WindowAssembler assembler(60, directory, aggregator, 3600, 64);
  TableCursor cursor(table.format, table.columns);
  cursor.reset(text.substr(table.data_offset), table.data_line, table.data_offset);
  TableRow row;
  RowProblem problem;
  std::uint64_t last_line = 0;
  while (true) {
    problem = RowProblem{};
    const auto step = cursor.next(row, problem);
    if (step == TableCursor::Step::end) break;
    if (row.line < last_line || row.byte_offset > text.size()) std::abort();
    last_line = row.line;
    if (step == TableCursor::Step::bad_record) {
      if (problem.message.empty()) std::abort();
      continue;
    }
    parse_row(table.columns.kind, row, home, assembler, problem);
  }
  assembler.finish();
  return 0;
}
