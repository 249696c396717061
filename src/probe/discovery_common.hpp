#pragma once
// What the discovery and gateway probes share: the caller's "may I contact this address?"
// predicate (the TargetSet the user named), reading the host of a device's URL, the clock, and
// the shape of what they report.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/ip_address.hpp"
#include "model/observation.hpp"

namespace iotscope {

// True when the user allowed this address to be sent packets. Unicast contacts (SOAP, HTTP,
// NAT-PMP) go only to addresses it accepts; multicast answers from others are dropped.
using AddressAllowed = std::function<bool(const IpAddress&)>;

// The host of an "http://HOST[:PORT]/path" URL when it is an IP literal (IPv6 in brackets);
// nullopt for names (no DNS lookups: a name could point anywhere) and other schemes.
std::optional<IpAddress> url_host_address(std::string_view url);

// Unix seconds, for the timestamps of what a probe saw.
double unix_time_now();

// A fact a probe learned about `peer` (at `port`, 0 for the host as a whole) at `ts`. `device`
// is left for the caller to resolve.
Observation probe_observation(double ts, std::string kind, const IpAddress& peer,
                              std::uint16_t port, std::map<std::string, std::string> fields);

}  // namespace iotscope
