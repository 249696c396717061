#include "util/json_string.hpp"

#include <fmt/format.h>

#include "util/utf8_text.hpp"

namespace iotscope {

namespace {

void append_escaped_ascii(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
  } else {
    out.push_back(c);
  }
}

// Printable ASCII that JSON takes as it is: copied in runs, not byte by byte.
bool is_plain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t plain_end = i;
    while (plain_end < text.size() && is_plain(text[plain_end])) ++plain_end;
    if (plain_end > i) {
      out.append(text.data() + i, plain_end - i);
      i = plain_end;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      append_escaped_ascii(out, text[i++]);
      continue;
    }
    i += append_utf8_sequence(out, text, i);
  }
  out.push_back('"');
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace iotscope
