#pragma once
// An RFC 4180 record reader for small reference tables (the IEEE registry): quoted fields may
// hold commas, doubled quotes and line breaks; records end with CRLF or LF.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // 1-based line on which the record starts
  std::string error;     // why the record is malformed; empty when it is well-formed
};

class CsvRecordReader {
 public:
  explicit CsvRecordReader(std::string_view text) : text_(text) {}
  // Reads the next record into `record` (reusing its storage); false at the end of the text.
  // A malformed record is still consumed, so the caller can skip it and go on.
  bool next(CsvRecord& record);

 private:
  // Reads one field starting at pos_; returns false when the record ends after it.
  bool read_field(std::string& field, std::string& error);
  bool read_quoted(std::string& field, std::string& error);
  bool at_record_end() const;
  bool skip_record_end();
  void skip_to_record_end();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace iotscope
