#pragma once
#include <map>
#include <string>

#include "model/device_key.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

// A timestamped fact about a device seen in payloads. `kind` names the fact ("tls_handshake",
// "http_request", "upnp_add_port_mapping", "natpmp_mapping", "pcp_mapping", "ntp_mode",
// "dhcp", "mdns_name", "ssdp_name", "arp_sweep", "mqtt_connect", "banner"); `fields` holds its
// named values as text so that new facts need no schema change.
struct Observation {
  DeviceKey device;
  double ts = 0;
  std::string kind;
  IpAddress peer;
  std::uint16_t port = 0;
  std::map<std::string, std::string> fields;
};

}  // namespace iotscope
