#include "payload/http_head.hpp"

#include <algorithm>

namespace iotscope {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(),
                    [](char a, char b) { return lower(a) == lower(b); });
}

std::optional<std::string_view> HttpHead::field(std::string_view name) const {
  for (const HttpHeaderField& entry : fields) {
    if (equals_ignoring_case(entry.name, name)) return entry.value;
  }
  return std::nullopt;
}

ParseResult<HttpHead> parse_http_head(ByteSpan bytes, std::size_t max_head_bytes) {
  const std::string_view text = as_text(bytes.first(std::min(bytes.size(), max_head_bytes)));
  HttpHead head;
  std::size_t position = 0;
  bool first = true;
  while (position < text.size()) {
    const std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) break;  // partial last line
    std::string_view line = text.substr(position, end - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t line_offset = position;
    position = end + 1;
    if (first) {
      if (line.empty()) return ParseError{line_offset, "start line, found an empty line"};
      head.start_line = line;
      first = false;
      continue;
    }
    if (line.empty()) {
      head.complete = true;
      break;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return ParseError{line_offset, "header field \"name: value\""};
    }
    head.fields.push_back(
        {trim_spaces(line.substr(0, colon)), trim_spaces(line.substr(colon + 1))});
  }
  if (first) return ParseError{text.size(), "end of start line (line feed)"};
  return head;
}

}  // namespace iotscope
