#include "sources/zeek/zeek_tsv_header.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "sources/text/field_parsers.hpp"
#include "sources/zeek/zeek_values.hpp"

namespace iotscope {
namespace {

// A one-byte separator value: Zeek writes it escaped ("\x09") on the #separator line.
std::optional<char> single_byte(std::string_view value) {
  const std::string decoded = zeek_unescape(value);
  if (decoded.size() != 1) return std::nullopt;
  return decoded[0];
}

std::vector<std::string> split_to_strings(std::string_view text, char separator) {
  std::vector<std::string_view> views;
  split_zeek_line(text, separator, views);
  return {views.begin(), views.end()};
}

}  // namespace

void split_zeek_line(std::string_view line, char separator, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(separator, start);
    out.push_back(line.substr(start, end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

std::optional<ZeekDirective> apply_zeek_directive(std::string_view line, ZeekTsvHeader& header,
                                                  std::string& error) {
  line.remove_prefix(1);  // '#'
  // #separator is followed by a space (the separator is not known yet); the others by it.
  const std::size_t name_end = line.find_first_of(std::string{' ', header.separator});
  const std::string_view name = line.substr(0, name_end);
  const std::string_view value =
      name_end == std::string_view::npos ? std::string_view{} : line.substr(name_end + 1);
  if (name == "separator") {
    const auto separator = single_byte(value);
    if (!separator) {
      error = fmt::format("#separator: expected one byte such as \\x09, found {}",
                          quote_for_message(value));
      return std::nullopt;
    }
    header.separator = *separator;
    return ZeekDirective::separator;
  }
  if (name == "set_separator") {
    const auto separator = single_byte(value);
    if (!separator) {
      error = fmt::format("#set_separator: expected one byte, found {}", quote_for_message(value));
      return std::nullopt;
    }
    header.set_separator = *separator;
    return ZeekDirective::settings;
  }
  if (name == "empty_field") {
    header.empty_field = std::string(value);
    return ZeekDirective::settings;
  }
  if (name == "unset_field") {
    header.unset_field = std::string(value);
    return ZeekDirective::settings;
  }
  if (name == "path") {
    header.path = std::string(value);
    return ZeekDirective::path;
  }
  if (name == "open") {
    header.open = std::string(value);
    return ZeekDirective::settings;
  }
  if (name == "close") {
    header.close = std::string(value);
    return ZeekDirective::settings;
  }
  if (name == "fields") {
    header.fields = split_to_strings(value, header.separator);
    header.types.clear();
    return ZeekDirective::fields;
  }
  if (name == "types") {
    header.types = split_to_strings(value, header.separator);
    return ZeekDirective::types;
  }
  return ZeekDirective::other;
}

}  // namespace iotscope
