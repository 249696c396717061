#pragma once
// Which ports `iotscope probe` knocks on: the thesis' IoT port list, nmap-style port lists and
// nmap's most frequently open ports.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/enums.hpp"

namespace iotscope {

struct ProbePort {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  auto operator<=>(const ProbePort&) const = default;
};

inline constexpr std::string_view kNmapServicesPath = "/usr/share/nmap/nmap-services";

// The TCP ports IoT devices served in the thesis' lab and in the seeds, then the UDP ports of
// the IoT discovery and management protocols (SSDP, mDNS, SNMP, NTP, CoAP).
std::vector<ProbePort> default_iot_ports();

// nmap's -p syntax: "22,80,1000-1010,U:53,T:443". A T: or U: prefix selects the transport for
// that item and the ones after it; items before any prefix are TCP. "-1024" means 1-1024 and
// "60000-" means 60000-65535. Duplicates are dropped, order is kept. Throws
// std::invalid_argument naming the item and what was expected.
std::vector<ProbePort> parse_port_list(std::string_view text);

// The `count` ports of `transport` that nmap-services ranks most often open (its third
// column), most frequent first. Throws std::runtime_error naming the file when it cannot be
// read, std::invalid_argument when count is 0.
std::vector<ProbePort> top_ports(std::size_t count, Transport transport,
                                 std::string_view path = kNmapServicesPath);
// Both transports, like `nmap --top-ports N -sS -sU`: the TCP ports, then the UDP ports.
std::vector<ProbePort> top_ports(std::size_t count, std::string_view path = kNmapServicesPath);

}  // namespace iotscope
