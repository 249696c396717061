#include "payload/ssdp_message.hpp"

#include "payload/http_head.hpp"
#include "payload/http_response.hpp"

namespace iotscope {

ParseResult<SsdpMessage> parse_ssdp_message(ByteSpan bytes) {
  const auto head = parse_http_head(bytes, 4096);
  if (!head) return head.error();
  SsdpMessage message;
  const std::string_view line = head->start_line;
  if (line.starts_with("M-SEARCH ")) {
    message.kind = SsdpKind::search;
  } else if (line.starts_with("NOTIFY ")) {
    message.kind = SsdpKind::notify;
  } else if (line.starts_with("HTTP/")) {
    message.kind = SsdpKind::response;
    const auto status = parse_http_status_line(bytes);
    if (!status) return status.error();
    message.status_code = status->status_code;
  } else {
    return ParseError{0, "\"M-SEARCH\", \"NOTIFY\" or \"HTTP/\" start line"};
  }
  message.search_target = head->field("ST").value_or("");
  message.notify_type = head->field("NT").value_or("");
  message.notify_subtype = head->field("NTS").value_or("");
  message.usn = head->field("USN").value_or("");
  message.location = head->field("LOCATION").value_or("");
  message.server = head->field("SERVER").value_or("");
  return message;
}

}  // namespace iotscope
