#pragma once
// The record syntaxes a text table can use.
#include <cstdint>
#include <string_view>

namespace iotscope {

enum class RecordFormat : std::uint8_t { csv, tsv, jsonl };

constexpr std::string_view to_string(RecordFormat value) {
  switch (value) {
    case RecordFormat::csv:
      return "csv";
    case RecordFormat::tsv:
      return "tsv";
    case RecordFormat::jsonl:
      return "jsonl";
  }
  return "";
}

// CSV and TSV fields may quote newlines; a JSON Lines record always ends at a newline.
constexpr bool newlines_may_be_quoted(RecordFormat value) {
  return value != RecordFormat::jsonl;
}

}  // namespace iotscope
