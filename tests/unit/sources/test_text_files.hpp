#pragma once
// What the sources tests share for text: where the Zeek logs are, and a text's lines.
#include <sstream>
#include <string>
#include <vector>

namespace iotscope::testing {

inline const std::string kZeekData = std::string(IOTSCOPE_TEST_DATA) + "/zeek/";

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace iotscope::testing
