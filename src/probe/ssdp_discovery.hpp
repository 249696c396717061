#pragma once
// SSDP discovery: one M-SEARCH for ssdp:all to 239.255.255.250:1900 out of one interface (TTL
// 1), the unicast answers collected for a while, and each answering device's description read
// over HTTP when its LOCATION's host is allowed. Answers from addresses outside the targets are
// counted and dropped.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "payload/ssdp_message.hpp"
#include "probe/discovery_common.hpp"
#include "probe/upnp_device_description.hpp"

namespace iotscope {

struct DiscoveryOptions {
  std::string interface_name;            // e.g. "eth0": where the query goes out
  std::chrono::milliseconds wait{3000};  // how long answers are collected
  int sends = 2;                         // the query is repeated: UDP may be lost
  bool fetch_descriptions = true;        // SSDP only: GET each allowed LOCATION once
};

struct SsdpAnswer {
  IpAddress responder;
  std::uint16_t responder_port = 0;
  SsdpMessage message;
  std::optional<UpnpDeviceDescription> description;
  double ts = 0;
};

struct SsdpDiscovery {
  std::vector<SsdpAnswer> answers;  // one per responder and USN
  std::size_t dropped_outside_targets = 0;
  std::vector<std::string> notes;  // descriptions that could not be read, and why
};

// Throws std::runtime_error when the interface cannot send (no IPv4 address, no such name).
SsdpDiscovery discover_ssdp(const DiscoveryOptions& options, const AddressAllowed& allowed);

// "ssdp_name" Observations, one per answer, peer = the responder: server, location, usn, type
// (the passive spellings), address, and from the description friendly_name, manufacturer,
// model_name, model_number, model_description, device_type.
std::vector<Observation> ssdp_observations(const SsdpDiscovery& discovery);

}  // namespace iotscope
