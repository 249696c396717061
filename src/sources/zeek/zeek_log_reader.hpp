#pragma once
// Reads Zeek's conn.log and ssl.log, as Zeek TSV (with its # header block), as Zeek JSON (one
// object per line, `LogAscii::use_json=T`; ts as a number or an ISO 8601 string) or as
// `zeek-cut -m` output (one line of column names, then tab-separated values). Plain, gzip or zstd;
// syntax, compression and log kind are recognised from the content. Columns are found by name.
// Rows stream to callbacks; a bad line is reported (file:line:column, what was expected) and
// skipped while the good lines are kept.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/input_report.hpp"
#include "sources/zeek/zeek_records.hpp"

namespace iotscope {

enum class ZeekSyntax : std::uint8_t { unknown, tsv, json, zeek_cut };

std::string_view to_string(ZeekLogKind kind);   // "conn", "ssl", "unknown"
std::string_view to_string(ZeekSyntax syntax);  // "tsv", "json", "zeek-cut", "unknown"

struct ZeekReadOptions {
  // The kind to assume when the content does not say (#path, or the JSON "_path" key) and the
  // columns are ambiguous; unknown lets the file name decide last ("conn.log.gz" -> conn).
  ZeekLogKind kind = ZeekLogKind::unknown;
  std::size_t max_issues = 20;  // issues kept in the report; all are counted in `skipped`
};

struct ZeekLogSink {
  std::function<void(ZeekConn&&)> on_conn;  // may be empty: conn rows are then only counted
  std::function<void(ZeekSsl&&)> on_ssl;
};

struct ZeekReadResult {
  InputReport report;  // format "zeek-conn/tsv+gzip"; records, skipped, issues
  ZeekLogKind kind = ZeekLogKind::unknown;
  ZeekSyntax syntax = ZeekSyntax::unknown;
  std::uint64_t masked_times = 0;  // btest's "XXXXXXXXXX.XXXXXX" times, read as unset
};

ZeekReadResult read_zeek_log_file(const std::string& path, const ZeekLogSink& sink,
                                  const ZeekReadOptions& options = {});
// `name` stands for the file in messages and helps guess the kind.
ZeekReadResult read_zeek_log_text(std::string_view text, const std::string& name,
                                  const ZeekLogSink& sink, const ZeekReadOptions& options = {});

// Whole-file conveniences for small logs and tests.
struct ZeekConnLog {
  std::vector<ZeekConn> rows;
  ZeekReadResult result;
};
struct ZeekSslLog {
  std::vector<ZeekSsl> rows;
  ZeekReadResult result;
};
ZeekConnLog read_zeek_conn_log(const std::string& path);
ZeekSslLog read_zeek_ssl_log(const std::string& path);

}  // namespace iotscope
