#pragma once
// Asks the home's UPnP Internet Gateway Device (through miniupnpc) which holes devices have
// punched into its NAT: its external address and every port mapping (GetGenericPortMappingEntry
// from index 0 until the gateway says there is no more), with the internal client that owns it.
// The gateway is contacted only when its address, and its control URL's, are allowed.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "probe/discovery_common.hpp"

namespace iotscope {

struct UpnpPortMapping {
  std::uint16_t external_port = 0;
  std::string protocol;  // "TCP" / "UDP"
  std::string internal_client;
  std::uint16_t internal_port = 0;
  std::string description;
  bool enabled = true;
  std::uint32_t lease_duration = 0;  // seconds left; 0 = permanent
  std::string remote_host;           // empty = any
};

struct GatewayReport {
  IpAddress gateway;
  std::string root_description_url;
  std::string control_url;
  std::string service_type;  // urn:schemas-upnp-org:service:WANIPConnection:1
  std::string friendly_name;
  std::string manufacturer;
  std::string model_name;
  std::string model_number;
  std::string external_address;    // empty when the gateway would not say
  int external_address_error = 0;  // miniupnpc / UPnP error code of GetExternalIPAddress
  bool connected = false;          // the gateway reports its WAN link up
  std::vector<UpnpPortMapping> mappings;
  int listing_end_code = 0;  // why listing stopped: 713 SpecifiedArrayIndexInvalid normally
  double ts = 0;
};

struct GatewayLookup {
  std::optional<GatewayReport> report;
  std::string error;  // set when there is no report
};

struct GatewayQueryOptions {
  std::chrono::milliseconds discovery_wait{2000};  // SSDP answers
  std::size_t max_mappings = 4096;  // a gateway that never says "no more" is cut here
};

// The IGD whose root description is at `root_description_url` ("http://192.168.1.1:5000/
// rootDesc.xml"). Refused, with nothing sent, unless the URL's host is an allowed IP literal.
GatewayLookup query_gateway_at(const std::string& root_description_url,
                               const AddressAllowed& allowed,
                               const GatewayQueryOptions& options = {});

// Finds the IGD by an SSDP M-SEARCH out of `interface_name` (multicast TTL 1), then queries
// the first allowed answer that is an IGD. Answers from other addresses are ignored.
GatewayLookup discover_gateway(const std::string& interface_name, const AddressAllowed& allowed,
                               const GatewayQueryOptions& options = {});

// One "upnp_port_mapping" Observation per mapping (peer = the gateway, port = the external
// port), with the field names of the passive "upnp_add_port_mapping" facts: external_port,
// internal_client, internal_port, protocol, lease, description; plus enabled, remote_host,
// response = true and result = 0 (the gateway itself confirms the hole). Then one
// "upnp_gateway" Observation about the gateway (external_address, friendly_name,
// manufacturer, model_name, model_number, control_url, mappings).
std::vector<Observation> gateway_observations(const GatewayReport& report);

}  // namespace iotscope
