#pragma once
// What a source says about each input file: what it was, what it kept, and what it had to skip.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace iotscope {

// A device by the dataset's own ids. A message names it as text() says, and the issue keeps it
// apart too, so that an anonymized report can put the device's keyed id in its place.
struct NamedDevice {
  std::string home_id;
  std::string source_id;
  std::string text() const { return "home " + home_id + ", device " + source_id; }
};

struct InputIssue {
  std::string file;
  std::uint64_t line = 0;    // 1-based; 0 when the input has no lines
  std::uint64_t column = 0;  // 1-based field number; 0 when not about one field
  std::uint64_t byte_offset = 0;
  std::string message;                               // what was wrong and what was expected
  std::optional<NamedDevice> device = std::nullopt;  // a device the message names
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
