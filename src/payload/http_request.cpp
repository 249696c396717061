#include "payload/http_request.hpp"

#include <algorithm>

#include "payload/base64.hpp"
#include "payload/http_head.hpp"

namespace iotscope {
namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '+';
}

std::string_view strip_quotes(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

void read_authorization(std::string_view value, HttpRequest& request) {
  request.has_authorization = true;
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos || !equals_ignoring_case(value.substr(0, space), "basic")) {
    return;
  }
  const auto credentials = decode_base64(trim_spaces(value.substr(space + 1)));
  if (!credentials) return;
  request.basic_auth = true;
  // RFC 7617: the user name cannot contain a colon, the password may.
  const std::size_t colon = credentials->find(':');
  request.basic_user = credentials->substr(0, colon);
  request.basic_password_present = colon != std::string::npos && colon + 1 < credentials->size();
}

}  // namespace

// request-line = method SP request-target SP HTTP-version
ParseResult<HttpRequest> parse_http_request(ByteSpan bytes) {
  const auto head = parse_http_head(bytes);
  if (!head) return head.error();
  const std::string_view line = head->start_line;
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == 0 || last_space == first_space) {
    return ParseError{0, "request line \"METHOD target HTTP/x.y\""};
  }
  const std::string_view method = line.substr(0, first_space);
  if (!std::all_of(method.begin(), method.end(), is_token_char)) {
    return ParseError{0, "request method token"};
  }
  const std::string_view protocol = line.substr(last_space + 1);
  if (!protocol.starts_with("HTTP/")) return ParseError{last_space + 1, "\"HTTP/\" version"};
  HttpRequest request;
  request.method = method;
  request.target = trim_spaces(line.substr(first_space + 1, last_space - first_space - 1));
  request.version = protocol.substr(5);
  request.head_complete = head->complete;
  request.host = head->field("Host").value_or("");
  request.user_agent = head->field("User-Agent").value_or("");
  request.soap_action = strip_quotes(head->field("SOAPAction").value_or(""));
  if (const auto authorization = head->field("Authorization")) {
    read_authorization(*authorization, request);
  }
  return request;
}

}  // namespace iotscope
