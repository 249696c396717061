#pragma once
// JSON string literals from arbitrary bytes: every writer of JSON (reports, Zeek logs) escapes
// the same way, and invalid UTF-8 never reaches a file.
#include <string>
#include <string_view>

namespace iotscope {

// `text` as a JSON string literal with quotes; invalid UTF-8 bytes become U+FFFD.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

}  // namespace iotscope
