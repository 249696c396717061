#include "sources/input_report.hpp"

#include <fmt/format.h>

namespace iotscope {

std::string InputIssue::to_string() const {
  // A file-level fact (a summary, an unreadable file) has no position at all.
  if (line == 0 && byte_offset == 0) return fmt::format("{}: {}", file, message);
  if (line == 0) return fmt::format("{}@{}: {}", file, byte_offset, message);
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

}  // namespace iotscope
