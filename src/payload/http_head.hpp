#pragma once
// The head of an HTTP/1.x-style message (HTTP, SSDP, RTSP ...): a start line and header
// fields up to the empty line. Views point into the parsed bytes, so nothing is copied.
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"
#include "util/text.hpp"

namespace iotscope {

struct HttpHeaderField {
  std::string_view name;
  std::string_view value;  // surrounding whitespace trimmed
};

struct HttpHead {
  std::string_view start_line;
  std::vector<HttpHeaderField> fields;
  bool complete = false;  // the empty line ending the head was seen

  // First field whose name matches case-insensitively.
  std::optional<std::string_view> field(std::string_view name) const;
};

// Scans at most max_head_bytes. Lines end in CRLF or a bare LF. A head cut off by the end of
// the bytes is returned with complete == false (its last partial line dropped), because a
// single segment often carries only part of it.
ParseResult<HttpHead> parse_http_head(ByteSpan bytes, std::size_t max_head_bytes = 16 * 1024);

bool equals_ignoring_case(std::string_view left, std::string_view right);

}  // namespace iotscope
