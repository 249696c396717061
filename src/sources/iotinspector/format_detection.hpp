#pragma once
// Recognises what a file holds from its content, never its name: the compression (magic
// bytes), the record syntax (a JSON object, or a header line split by tabs or commas) and the
// IoT Inspector table (from the header or the first object's keys).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sources/iotinspector/table_schema.hpp"
#include "sources/text/compressed_file.hpp"
#include "sources/text/record_format.hpp"

namespace iotscope {

struct DetectedTable {
  Compression compression = Compression::none;
  RecordFormat format = RecordFormat::csv;
  ColumnMap columns;
  std::uint64_t data_offset = 0;  // decompressed bytes before the first data record
  std::uint64_t data_line = 1;    // physical line number of the first data record
  std::uint64_t file_size = 0;    // on disk
};

struct Detection {
  std::optional<DetectedTable> table;
  std::string format;  // "unreadable" / "unrecognised" when table is empty
  std::string error;   // why, when table is empty
  std::uint64_t file_size = 0;
};

// "iotinspector-v1-flows/csv+zstd".
std::string format_label(const DetectedTable& table);

// Detects the table from the start of the decompressed text; `complete` says whether `head` is
// the whole text.
Detection detect_table_text(std::string_view head, bool complete);
// Opens `path`, reads its first bytes (at most 1 MiB) and detects the table.
Detection detect_table_file(const std::string& path);

}  // namespace iotscope
