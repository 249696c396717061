#pragma once
// The header block of a Zeek TSV log (#separator, #set_separator, #empty_field, #unset_field,
// #path, #open, #fields, #types, #close). A log may hold several blocks (rotated files
// concatenated); each #fields line starts a new column layout.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

struct ZeekTsvHeader {
  char separator = '\t';
  char set_separator = ',';
  std::string empty_field = "(empty)";
  std::string unset_field = "-";
  std::string path;  // "conn", "ssl"; empty until #path
  std::string open;
  std::string close;
  std::vector<std::string> fields;
  std::vector<std::string> types;
};

enum class ZeekDirective : std::uint8_t { other, separator, fields, types, path, settings };

// Applies one line that starts with '#'. Returns which directive it was (`other` for a line
// that is no directive, such as a btest banner, which is ignored), or nullopt with `error` set
// when a directive's value is malformed.
std::optional<ZeekDirective> apply_zeek_directive(std::string_view line, ZeekTsvHeader& header,
                                                  std::string& error);

// Splits `line` on `separator` into `out` (views into `line`).
void split_zeek_line(std::string_view line, char separator, std::vector<std::string_view>& out);

}  // namespace iotscope
