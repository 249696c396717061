#include "payload/http_response.hpp"

#include <algorithm>

#include "payload/http_head.hpp"

namespace iotscope {

ParseResult<HttpStatusLine> parse_http_status_line(ByteSpan bytes) {
  std::string_view text = as_text(bytes.first(std::min<std::size_t>(bytes.size(), 1024)));
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) return ParseError{text.size(), "end of status line"};
  std::string_view line = text.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!line.starts_with("HTTP/")) return ParseError{0, "\"HTTP/\" at the start of the status line"};
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos || line.size() < space + 4) {
    return ParseError{line.size(), "three-digit status code"};
  }
  HttpStatusLine status;
  status.version = line.substr(5, space - 5);
  std::uint16_t code = 0;
  for (std::size_t i = space + 1; i < space + 4; ++i) {
    if (line[i] < '0' || line[i] > '9') return ParseError{i, "status code digit"};
    code = static_cast<std::uint16_t>(code * 10 + (line[i] - '0'));
  }
  if (line.size() > space + 4 && line[space + 4] != ' ') {
    return ParseError{space + 4, "space after the status code"};
  }
  status.status_code = code;
  status.reason =
      trim_spaces(line.size() > space + 4 ? line.substr(space + 5) : std::string_view{});
  return status;
}

}  // namespace iotscope
