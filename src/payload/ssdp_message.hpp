#pragma once
// SSDP (UPnP 1.x discovery over UDP 1900): M-SEARCH requests, NOTIFY announcements and the
// unicast "HTTP/1.1 200 OK" search responses.
#include <cstdint>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

enum class SsdpKind : std::uint8_t { search, notify, response };

struct SsdpMessage {
  SsdpKind kind = SsdpKind::search;
  std::string search_target;   // ST (search and response)
  std::string notify_type;     // NT (notify)
  std::string notify_subtype;  // NTS: "ssdp:alive", "ssdp:byebye", "ssdp:update"
  std::string usn;
  std::string location;           // URL of the device description
  std::string server;             // "OS/version UPnP/1.0 product/version"
  std::uint16_t status_code = 0;  // response only
};

ParseResult<SsdpMessage> parse_ssdp_message(ByteSpan bytes);

}  // namespace iotscope
