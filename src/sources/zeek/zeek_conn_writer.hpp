#pragma once
// Writes ZeekConn rows as a Zeek-compatible conn.log: TSV with Zeek's header block and value
// spelling (6-decimal times, T/F, "-" unset, "(empty)" empty, \xHH escapes), or JSON Lines with
// Zeek's JSON field names (unset fields left out, as Zeek does). Columns beyond Zeek's own
// (iotscope's extras, or extra columns read from another Zeek log) follow Zeek's.
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sources/zeek/zeek_records.hpp"

namespace iotscope {

enum class ZeekWriteFormat : std::uint8_t { tsv, json };

struct ZeekExtraColumn {
  std::string name;
  std::string type;  // Zeek type for #types: "string", "count", "set[string]", ...
};

struct ZeekConnWriterOptions {
  ZeekWriteFormat format = ZeekWriteFormat::tsv;
  // orig_l2_addr / resp_l2_addr, as Zeek writes them with policy/protocols/conn/mac-logging.
  bool l2_addresses = true;
  std::vector<ZeekExtraColumn> extra_columns;  // filled from ZeekConn::extra by name
  std::optional<double> open_time;             // #open / #close stamp; unset: the current time
};

class ZeekConnWriter {
 public:
  // Writes the TSV header block at once.
  ZeekConnWriter(std::ostream& out, ZeekConnWriterOptions options);
  void write(const ZeekConn& row);
  // The row with the extra columns' values given apart, in the columns' order and unescaped
  // (empty: unset), rather than in row.extra: a capture's rows get them per connection, and
  // ZeekExtraFields to carry them cost more than writing the row (`iotscope flows`).
  void write(const ZeekConn& row, std::span<const std::string_view> extra_values);
  // Writes the TSV #close line; further writes are an error of the caller.
  void close();

 private:
  void write_header();
  // The line of Zeek's own columns, then the extra columns added by the callers.
  void begin_tsv(const ZeekConn& row);
  void begin_json(const ZeekConn& row);
  void json_key(std::string_view name);
  void end_line();
  std::size_t known_columns() const;

  std::ostream& out_;
  ZeekConnWriterOptions options_;
  std::string line_;
  bool json_first_ = true;  // no key on the JSON line yet
  bool closed_ = false;
};

// All rows at once; the extra columns are those of the first row unless options name them.
void write_zeek_conn_log(std::ostream& out, std::span<const ZeekConn> rows,
                         ZeekConnWriterOptions options = {});

}  // namespace iotscope
