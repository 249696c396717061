#pragma once
// RFC 4180 CSV output: a field holding a comma, a double quote, CR or LF is quoted, and quotes
// inside it are doubled. Rows end with "\n".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/uncached_output_file.hpp"

namespace iotscope {

void append_csv_field(std::string& out, std::string_view text);

class CsvWriter {
 public:
  // Throws std::runtime_error naming the file when it cannot be opened.
  CsvWriter(const std::filesystem::path& file, const std::vector<std::string_view>& header);

  CsvWriter& text(std::string_view value);
  CsvWriter& count(std::uint64_t value);
  CsvWriter& number(double value);             // shortest round-trip form; empty when not finite
  CsvWriter& flag(std::optional<bool> value);  // "true", "false", or empty when unknown
  // Ends the row; throws std::logic_error when it does not have one cell per header column.
  void end_row();
  // Flushes; throws std::runtime_error naming the file when writing failed.
  void close();

 private:
  void separate();
  void flush_if_full();

  std::filesystem::path file_;
  UncachedOutputFile out_;
  std::string buffer_;
  std::size_t columns_ = 0;
  std::size_t cells_in_row_ = 0;
};

}  // namespace iotscope
