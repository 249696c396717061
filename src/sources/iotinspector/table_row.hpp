#pragma once
// One record of a table, with its fields placed in the table's column slots, and the problem
// found in a record or field, with enough position to name it in an InputIssue.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sources/iotinspector/table_schema.hpp"

namespace iotscope {

struct TableRow {
  std::array<std::string_view, kMaxTableColumns> values{};  // empty when the column is absent
  std::array<std::uint16_t, kMaxTableColumns> columns{};    // 1-based field number; 0 if absent
  std::array<std::uint32_t, kMaxTableColumns> offsets{};    // field offset inside the record
  std::uint64_t line = 0;                                   // first physical line of the record
  std::uint64_t byte_offset = 0;  // of the record's first byte in the decompressed text

  std::string_view operator[](std::uint8_t slot) const { return values[slot]; }
};

// What was wrong with a row: the slot it concerns (or none) and a message saying what was
// expected.
struct RowProblem {
  static constexpr std::uint8_t kWholeRecord = 0xff;
  std::uint8_t slot = kWholeRecord;
  std::uint16_t column = 0;  // set directly for record-level problems with a position
  std::uint32_t offset = 0;  // inside the record
  std::string message;
};

}  // namespace iotscope
