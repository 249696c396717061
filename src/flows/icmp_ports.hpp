#pragma once
// Zeek files ICMP under "ports": the originator's is the message type, the responder's the
// type of the matching reply (so a request and its reply share a connection) or, for messages
// without one, the code.
#include <cstdint>

namespace iotscope {

struct IcmpPorts {
  std::uint16_t orig_port = 0;
  std::uint16_t resp_port = 0;
  bool one_way = false;  // no counterpart type: the message matches one direction only
};

IcmpPorts icmp_ports(bool v6, std::uint8_t type, std::uint8_t code);

}  // namespace iotscope
