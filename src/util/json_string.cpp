#include "util/json_string.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/byte_set.hpp"
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

// Everything but the printable ASCII that JSON takes as it is, which is copied in runs.
constexpr ByteSet kNotPlain = ByteSet("\"\\").with_range(0x00, 0x1F).with_range(0x7F, 0xFF);

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  std::size_t i = kNotPlain.find_in(text);
  if (i == std::string_view::npos) {
    // Nearly every string of a report: one append of the quoted text.
    const std::size_t at = out.size();
    out.resize(at + text.size() + 2);
    char* const to = out.data() + at;
    to[0] = '"';
    text.copy(to + 1, text.size());
    to[text.size() + 1] = '"';
    return;
  }
  out.push_back('"');
  out.append(text.substr(0, i));
  while (i < text.size()) {
    const std::size_t plain_end = std::min(kNotPlain.find_in(text, i), text.size());
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
