// libFuzzer target: arbitrary bytes as a Zeek conn.log or ssl.log (TSV, JSON or zeek-cut; the
// first byte picks the kind assumed when the content does not tell), read, converted to flows and
// written back. It must never crash, hang or overread, and writing what was read must be stable:
// TSV written from the rows read back from TSV written before is the same text.
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sources/zeek/zeek_conn_writer.hpp"
#include "sources/zeek/zeek_flow_converter.hpp"
#include "sources/zeek/zeek_log_reader.hpp"

namespace {

using namespace iotscope;

std::vector<ZeekConn> read_conns(std::string_view text, ZeekLogKind kind,
                                 ZeekFlowConverter* converter) {
  std::vector<ZeekConn> rows;
  ZeekLogSink sink;
  sink.on_conn = [&](ZeekConn&& row) {
    if (converter) (void)converter->convert_conn(row);
    rows.push_back(std::move(row));
  };
  sink.on_ssl = [&](ZeekSsl&& row) {
    if (converter) converter->add_ssl(row);
  };
  ZeekReadOptions options;
  options.kind = kind;
  const auto result = read_zeek_log_text(text, "fuzz.log", sink, options);
  // A file may switch logs between header blocks, so records counts both kinds.
  if (result.report.records < rows.size()) __builtin_trap();
  return rows;
}

std::string write_conns(const std::vector<ZeekConn>& rows, ZeekWriteFormat format) {
  std::ostringstream out;
  ZeekConnWriterOptions options;
  options.format = format;
  options.open_time = 0;
  write_zeek_conn_log(out, rows, options);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto kind = static_cast<ZeekLogKind>(data[0] % 3);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  ZeekFlowConverter converter(ZeekConversionOptions{});
  const auto rows = read_conns(text, kind, &converter);
  (void)converter.devices();
  (void)converter.observations();
  if (rows.empty()) return 0;

  const std::string first = write_conns(rows, ZeekWriteFormat::tsv);
  const auto again = read_conns(first, ZeekLogKind::conn, nullptr);
  if (again.size() != rows.size()) __builtin_trap();
  if (write_conns(again, ZeekWriteFormat::tsv) != first) __builtin_trap();
  (void)read_conns(write_conns(rows, ZeekWriteFormat::json), ZeekLogKind::conn, nullptr);
  return 0;
}
