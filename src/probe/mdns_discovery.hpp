#pragma once
// mDNS discovery: one query (PTR _services._dns-sd._udp.local plus the service types IoT
// devices announce) to 224.0.0.251:5353 out of one interface (TTL 1), sent from an ephemeral
// port so responders answer unicast (RFC 6762 section 6.7), the answers collected for a while.
// Answers from addresses outside the targets are counted and dropped.
#include <cstdint>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "probe/discovery_common.hpp"
#include "probe/ssdp_discovery.hpp"

namespace iotscope {

// The service types asked for besides the DNS-SD meta query.
const std::vector<std::string>& mdns_iot_service_types();

struct MdnsResponder {
  IpAddress address;
  std::vector<std::string> names;      // SRV / A / AAAA owner names ("tv.local", instances)
  std::vector<std::string> services;   // service types ("_googlecast._tcp.local")
  std::vector<std::string> instances;  // PTR targets ("Living Room._googlecast._tcp.local")
  std::string model;                   // from TXT md= / model= / mdl= / am= / ty= when announced
  double ts = 0;                       // first answer
};

struct MdnsDiscovery {
  std::vector<MdnsResponder> responders;  // one per answering address
  std::size_t dropped_outside_targets = 0;
  std::size_t unparsable = 0;
};

// The query datagram itself (also used by tests).
std::vector<std::uint8_t> mdns_discovery_query(std::uint16_t id);

// Throws std::runtime_error when the interface cannot send. `fetch_descriptions` is unused.
MdnsDiscovery discover_mdns(const DiscoveryOptions& options, const AddressAllowed& allowed);

// "mdns_name" Observations, one per responder, peer = the responder: names and services (the
// passive spellings, comma-separated), instances, model, address.
std::vector<Observation> mdns_observations(const MdnsDiscovery& discovery);

}  // namespace iotscope
