#include "sources/iotinspector/format_detection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sources/text/delimited_reader.hpp"
#include "sources/text/jsonl_reader.hpp"
#include "sources/text/record_splitter.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kFirstPeekBytes = std::size_t{64} << 10;

Detection unrecognised(std::string message) {
  Detection d;
  d.format = "unrecognised";
  d.error = std::move(message);
  return d;
}

bool looks_binary(std::string_view text) {
  std::size_t control = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ++control;
  }
  return control * 10 > text.size();
}

}  // namespace

std::string format_label(const DetectedTable& table) {
  std::string label =
      fmt::format("{}/{}", table_format_name(table.columns.kind), to_string(table.format));
  if (table.compression != Compression::none)
    label += fmt::format("+{}", to_string(table.compression));
  return label;
}

Detection detect_table_text(std::string_view head, bool complete) {
  DetectedTable table;
  std::size_t pos = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 byte order mark
  std::uint64_t line = 1;
  // Leading blank lines are allowed.
  while (pos < head.size() && (head[pos] == '\n' || head[pos] == '\r')) {
    if (head[pos] == '\n') ++line;
    ++pos;
  }
  const std::string_view rest = head.substr(pos);
  if (rest.empty())
    return unrecognised("the file holds no data (expected a header line or a JSON object)");
  std::size_t embedded = 0;
  std::size_t end = find_record_end(rest, rest.front() != '{', embedded);
  if (end == std::string_view::npos) {
    if (!complete) return unrecognised("the first line is longer than 1 MiB (expected a header)");
    end = rest.size();
  }
  const std::string_view first = without_cr(rest.substr(0, end));
  if (looks_binary(first)) return unrecognised("binary data, not CSV, TSV or JSON Lines text");

  std::vector<std::string_view> names;
  FlatJsonParser json;
  const auto tab_count = std::count(first.begin(), first.end(), '\t');
  const bool tabs = tab_count > 0 && tab_count >= std::count(first.begin(), first.end(), ',');
  DelimitedSplitter splitter(tabs ? '\t' : ',');
  if (first.front() == '{') {
    if (!json.parse(first))
      return unrecognised(fmt::format("line {}: invalid JSON: {}", line, json.error()));
    for (const auto& member : json.members()) names.push_back(member.key);
    table.format = RecordFormat::jsonl;
    table.data_offset = pos;
    table.data_line = line;
  } else {
    table.format = tabs ? RecordFormat::tsv : RecordFormat::csv;
    const auto& fields = splitter.split(first);
    names.assign(fields.begin(), fields.end());
    table.data_offset = pos + std::min(end + 1, rest.size());
    table.data_line = line + embedded + 1;
  }
  std::string error;
  auto columns = match_columns(names, error);
  if (!columns) return unrecognised(fmt::format("{} (read as {})", error, to_string(table.format)));
  table.columns = std::move(*columns);
  Detection d;
  d.table = std::move(table);
  return d;
}

Detection detect_table_file(const std::string& path) {
  std::string error;
  auto reader = DecompressingReader::open(path, error);
  if (!reader) {
    Detection d;
    d.format = "unreadable";
    d.error = fmt::format("cannot open: {}", error);
    return d;
  }
  std::string head;
  bool complete = false;
  std::size_t want = kFirstPeekBytes;
  while (!complete && head.size() < kMaxRecordBytes + 2) {
    const std::size_t old = head.size();
    head.resize(std::min(want, kMaxRecordBytes + 2));
    const std::size_t got = reader->read({head.data() + old, head.size() - old});
    head.resize(old + got);
    if (got == 0) complete = true;
    if (head.find('\n', old) != std::string::npos) {
      // Enough for a header unless a quoted header spans lines; one more look is cheap.
      std::size_t embedded = 0;
      std::size_t start = head.find_first_not_of("\r\n\xEF\xBB\xBF");
      if (start == std::string::npos) start = head.size();
      const bool quote_aware = start < head.size() && head[start] != '{';
      if (find_record_end(std::string_view(head).substr(start), quote_aware, embedded) !=
          std::string_view::npos)
        break;
    }
    want = head.size() * 2;
  }
  if (head.empty() && reader->stream_error()) {
    Detection d;
    d.format = "unreadable";
    d.error = *reader->stream_error();
    d.file_size = reader->file_size();
    return d;
  }
  Detection d = detect_table_text(head, complete);
  d.file_size = reader->file_size();
  if (d.table) {
    d.table->compression = reader->compression();
    d.table->file_size = reader->file_size();
    d.format = format_label(*d.table);
  }
  return d;
}

}  // namespace iotscope
