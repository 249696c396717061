#pragma once
// What a source says about each input file: what it was, what it kept, and what it had to skip.
#include <cstdint>
#include <string>
#include <vector>

namespace iotscope {

struct InputIssue {
  std::string file;
  std::uint64_t line = 0;    // 1-based; 0 when the input has no lines
  std::uint64_t column = 0;  // 1-based field number; 0 when not about one field
  std::uint64_t byte_offset = 0;
  std::string message;            // what was wrong and what was expected
  std::string to_string() const;  // "file:line:column: message" (or "file@offset: ...")
};

struct InputReport {
  std::string path;
  std::string format;  // e.g. "iotinspector-v1-flows/csv+zstd"
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t dropped = 0;  // valid rows dropped on purpose (e.g. port-44444 probe artefacts)
  std::vector<InputIssue> issues;  // the first few problems, in input order
};

}  // namespace iotscope
