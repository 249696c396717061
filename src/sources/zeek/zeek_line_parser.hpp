#pragma once
// The line-by-line state machine behind the Zeek log reader: it learns the syntax and layout from
// the first lines, then turns each data line into a ZeekConn or ZeekSsl for the sink.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sources/text/jsonl_reader.hpp"
#include "sources/zeek/zeek_log_reader.hpp"
#include "sources/zeek/zeek_tsv_header.hpp"
#include "sources/zeek/zeek_values.hpp"

namespace iotscope {

class ZeekLineParser {
 public:
  ZeekLineParser(std::string file, const ZeekLogSink& sink, const ZeekReadOptions& options);

  // `line` excludes the newline; `number` is 1-based.
  void parse_line(std::string_view line, std::uint64_t number);
  // A problem outside any line's content (an over-long line, a corrupt stream).
  void add_issue(std::uint64_t line, std::uint64_t column, std::string message);
  ZeekReadResult& result() { return result_; }

 private:
  void parse_directive(std::string_view line, std::uint64_t number);
  void start_layout(std::uint64_t number);
  bool decide_kind(const std::vector<std::string>& names, std::uint64_t number);
  void parse_tsv_row(std::string_view line, std::uint64_t number);
  void parse_json_row(std::string_view line, std::uint64_t number);
  void reject_line(std::uint64_t number, std::uint64_t column, std::string message);

  template <class Record>
  void emit_tsv(std::uint64_t number);
  template <class Record>
  void emit_json(std::uint64_t number);
  template <class Record>
  bool finish_record(Record& record, std::uint64_t number);

  std::string file_;
  const ZeekLogSink& sink_;
  ZeekReadOptions options_;
  ZeekReadResult result_;
  ZeekTsvHeader header_;
  std::vector<int> column_field_;  // per TSV column: index in the known fields, -1 for extra
  bool have_layout_ = false;
  bool refused_ = false;  // the file is no conn or ssl log: the rest is skipped unread
  std::vector<std::string_view> cells_;
  std::vector<ZeekRawValue> raws_;
  FlatJsonParser json_;
};

}  // namespace iotscope
