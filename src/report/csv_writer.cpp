#include "report/csv_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "util/byte_set.hpp"
#include "util/utf8_text.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kCsvFlushBytes = 1 << 16;
// Text without these is copied as it is: ASCII is valid UTF-8, and nothing needs quoting.
constexpr ByteSet kQuoted(",\"\r\n");
constexpr ByteSet kQuotedOrNonAscii = kQuoted.with_range(0x80, 0xFF);

}  // namespace

void append_csv_field(std::string& out, std::string_view text) {
  if (kQuotedOrNonAscii.find_in(text) == std::string_view::npos) {
    out.append(text);
    return;
  }
  if (!is_valid_utf8(text)) {
    append_csv_field(out, valid_utf8(text));
    return;
  }
  if (kQuoted.find_in(text) == std::string_view::npos) {
    out.append(text);
    return;
  }
  // Quoted, each quote doubled; the runs between quotes are copied whole (the evidence column
  // is JSON text, full of quotes and commas).
  out.push_back('"');
  std::size_t from = 0;
  for (std::size_t quote = text.find('"'); quote != std::string_view::npos;
       quote = text.find('"', from)) {
    out.append(text.substr(from, quote + 1 - from));
    out.push_back('"');
    from = quote + 1;
  }
  out.append(text.substr(from));
  out.push_back('"');
}

CsvWriter::CsvWriter(const std::filesystem::path& file, const std::vector<std::string_view>& header)
    : file_(file), out_(file), columns_(header.size()) {
  for (const auto name : header) text(name);
  end_row();
}

void CsvWriter::separate() {
  if (cells_in_row_ > 0) buffer_.push_back(',');
  ++cells_in_row_;
}

CsvWriter& CsvWriter::text(std::string_view value) {
  separate();
  append_csv_field(buffer_, value);
  return *this;
}

CsvWriter& CsvWriter::count(std::uint64_t value) {
  separate();
  const fmt::format_int text(value);
  buffer_.append(text.data(), text.size());
  return *this;
}

CsvWriter& CsvWriter::number(double value) {
  separate();
  if (std::isfinite(value)) fmt::format_to(std::back_inserter(buffer_), "{}", value);
  return *this;
}

CsvWriter& CsvWriter::flag(std::optional<bool> value) {
  separate();
  if (value) buffer_ += *value ? "true" : "false";
  return *this;
}

void CsvWriter::end_row() {
  if (cells_in_row_ != columns_) {
    throw std::logic_error(fmt::format("{}: row has {} cells for {} columns", file_.string(),
                                       cells_in_row_, columns_));
  }
  buffer_.push_back('\n');
  cells_in_row_ = 0;
  flush_if_full();
}

void CsvWriter::flush_if_full() {
  if (buffer_.size() < kCsvFlushBytes) return;
  out_.sputn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void CsvWriter::close() {
  out_.sputn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  out_.close();  // throws with the OS reason when a write failed
}

}  // namespace iotscope
