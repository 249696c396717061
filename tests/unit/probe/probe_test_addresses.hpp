#pragma once
// Addresses the probe tests name: literals, and the LAN of the gateway lab (gateway_lab.hpp).
#include "model/ip_address.hpp"

namespace iotscope::probe_test {

inline IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

// The gateway lab's LAN, 10.79.0.0/24: what discovery and gateway queries may reach there.
inline bool in_lab_lan(const IpAddress& address) {
  return address.is_v4() && (address.v4_value() >> 8) == 0x0A4F00;
}

}  // namespace iotscope::probe_test
