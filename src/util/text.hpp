#pragma once
// Small text helpers every parser of untrusted text shares.
#include <string_view>

namespace iotscope {

// Without leading spaces and tabs, and without trailing spaces, tabs and a CR (a CRLF line's).
constexpr std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace iotscope
