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

// ASCII only, whatever the locale: these parsers read bytes, not text in a language.
constexpr bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// The value of a hex digit in either case, or -1.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace iotscope
