#pragma once
// The fields of one TabSeparated line, as views into it.
#include <string_view>
#include <vector>

namespace iotscope::clickhouse {

inline std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (auto tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t')) {
    fields.push_back(line.substr(0, tab));
    line = line.substr(tab + 1);
  }
  fields.push_back(line);
  return fields;
}

}  // namespace iotscope::clickhouse
