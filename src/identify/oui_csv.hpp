#pragma once
// Parses the IEEE registry CSV (Registry,Assignment,Organization Name,Organization Address) into
// prefix/organisation pairs, reporting the rows it had to skip.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

struct OuiCsvEntry {
  std::uint32_t prefix = 0;
  std::string organisation;
};

struct OuiCsvIssue {
  std::size_t line = 0;  // 1-based line where the skipped row starts
  std::string message;   // what was expected
};

struct OuiCsvContents {
  std::vector<OuiCsvEntry> entries;
  std::vector<OuiCsvIssue> issues;
};

OuiCsvContents parse_oui_csv(std::string_view text);

}  // namespace iotscope
