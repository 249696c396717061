#include "identify/oui_csv.hpp"

#include <algorithm>
#include <optional>

#include "identify/csv_record_reader.hpp"

namespace iotscope {
namespace {

struct Columns {
  std::size_t assignment = 1;
  std::size_t organisation = 2;
};

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kBlanks) - first + 1);
}

// Only the registry's own spelling is accepted: exactly six hex digits.
std::optional<std::uint32_t> parse_assignment(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : text) {
    std::uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<std::uint32_t>(c - 'A' + 10);
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint32_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    value = value * 16 + digit;
  }
  return value;
}

bool is_header(const CsvRecord& record) {
  return !record.fields.empty() && trim(record.fields[0]) == "Registry";
}

Columns columns_from_header(const CsvRecord& header) {
  Columns columns;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view name = trim(header.fields[i]);
    if (name == "Assignment") columns.assignment = i;
    if (name == "Organization Name") columns.organisation = i;
  }
  return columns;
}

bool is_blank_line(const CsvRecord& record) {
  return record.fields.size() == 1 && trim(record.fields[0]).empty();
}

// Returns the issue text, or empty when the row was added.
std::string add_row(const CsvRecord& record, const Columns& columns, OuiCsvContents& contents) {
  if (!record.error.empty()) return record.error;
  const std::size_t needed = std::max(columns.assignment, columns.organisation) + 1;
  if (record.fields.size() < needed) {
    return "expected at least " + std::to_string(needed) + " columns, found " +
           std::to_string(record.fields.size());
  }
  const std::string_view assignment = trim(record.fields[columns.assignment]);
  const auto prefix = parse_assignment(assignment);
  if (!prefix) {
    return "expected six hex digits in the Assignment column, found '" + std::string(assignment) +
           "'";
  }
  const std::string_view organisation = trim(record.fields[columns.organisation]);
  if (organisation.empty()) return "empty Organization Name for " + std::string(assignment);
  contents.entries.push_back({*prefix, std::string(organisation)});
  return {};
}

}  // namespace

OuiCsvContents parse_oui_csv(std::string_view text) {
  OuiCsvContents contents;
  contents.entries.reserve(text.size() / 96);  // the registry's rows average about 100 bytes
  CsvRecordReader reader(text);
  CsvRecord record;
  Columns columns;
  bool first = true;
  while (reader.next(record)) {
    if (first && is_header(record)) {
      columns = columns_from_header(record);
      first = false;
      continue;
    }
    first = false;
    if (is_blank_line(record)) continue;
    std::string issue = add_row(record, columns, contents);
    if (!issue.empty()) contents.issues.push_back({record.line, std::move(issue)});
  }
  return contents;
}

}  // namespace iotscope
