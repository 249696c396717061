#pragma once
// Which of this machine's interfaces sits on the targets' segment: discovery (SSDP, mDNS) and
// the gateway search go out of that one interface only.
#include <optional>
#include <string>

#include "model/ip_address.hpp"

namespace iotscope {

struct LocalInterface {
  std::string name;     // "eth0"
  IpAddress address;    // this machine's address on it
  unsigned prefix = 0;  // its network's prefix length
};

// The IPv4 interface whose network holds `target`; nullopt when none does (the target is
// routed, so multicast discovery would not reach it).
std::optional<LocalInterface> interface_towards(const IpAddress& target);

}  // namespace iotscope
