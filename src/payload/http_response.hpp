#pragma once
// The status line of a cleartext HTTP/1.x response (also SSDP's "HTTP/1.1 200 OK").
#include <cstdint>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

struct HttpStatusLine {
  std::string version;  // "1.1"
  std::uint16_t status_code = 0;
  std::string reason;  // "OK"; may be empty
};

// Needs only the first line: "HTTP/x.y NNN reason".
ParseResult<HttpStatusLine> parse_http_status_line(ByteSpan bytes);

}  // namespace iotscope
