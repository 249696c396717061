#pragma once
// A cleartext HTTP/1.x request head: what a device asks for, from whom, and whether it sends
// credentials in the clear.
#include <optional>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

struct HttpRequest {
  std::string method;   // "GET", "POST", "M-SEARCH", ...
  std::string target;   // request target as sent: "/path?query", "*", or an absolute URI
  std::string version;  // "1.1"
  std::string host;
  std::string user_agent;
  std::string soap_action;         // SOAPAction header without its quotes (UPnP control)
  bool has_authorization = false;  // any Authorization header
  bool basic_auth = false;         // Authorization: Basic with decodable credentials
  std::string basic_user;          // the user name part of Basic credentials
  bool basic_password_present = false;
  bool head_complete = false;  // the empty line after the headers was seen
};

ParseResult<HttpRequest> parse_http_request(ByteSpan bytes);

}  // namespace iotscope
