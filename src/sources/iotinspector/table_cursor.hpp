#pragma once
// Walks the records of a slice of table text (whole records only) and fills TableRows: CSV and
// TSV through the header's column map, JSON Lines by key name. Blank lines are skipped, records
// over 1 MiB are skipped with a problem, and line numbers count physical lines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sources/iotinspector/table_row.hpp"
#include "sources/iotinspector/table_schema.hpp"
#include "sources/text/delimited_reader.hpp"
#include "sources/text/jsonl_reader.hpp"
#include "sources/text/record_format.hpp"

namespace iotscope {

class TableCursor {
 public:
  TableCursor(RecordFormat format, const ColumnMap& columns);

  // `text` starts at a record boundary; `first_line` / `first_offset` locate its first byte.
  void reset(std::string_view text, std::uint64_t first_line, std::uint64_t first_offset);

  enum class Step { row, bad_record, end };
  // On bad_record, `problem` says why and `row.line` / `row.byte_offset` locate the record.
  Step next(TableRow& row, RowProblem& problem);

 private:
  bool fill_delimited(std::string_view record, TableRow& row, RowProblem& problem);
  bool fill_unquoted(std::string_view record, TableRow& row, RowProblem& problem);
  bool fill_quoted(std::string_view record, TableRow& row, RowProblem& problem);
  bool fill_json(std::string_view record, TableRow& row, RowProblem& problem);
  std::int8_t slot_of_member(std::size_t position, std::string_view key);

  RecordFormat format_;
  const ColumnMap& columns_;
  DelimitedSplitter splitter_;
  FlatJsonParser json_;
  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 0;
  std::uint64_t offset_ = 0;
  std::vector<std::string> cached_keys_;  // JSON key last seen at each position
  std::vector<std::int8_t> cached_slots_;
};

}  // namespace iotscope
