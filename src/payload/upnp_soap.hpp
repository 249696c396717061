#pragma once
// The body of a UPnP IGD control request (SOAP over HTTP POST): which WANIPConnection /
// WANPPPConnection port-mapping action a device asks its router for, with the arguments. The
// scan is tolerant: any namespace prefix, attributes and whitespace, no full XML parser.
#include <cstdint>
#include <optional>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

enum class UpnpAction : std::uint8_t {
  add_port_mapping,
  add_any_port_mapping,
  delete_port_mapping,
  get_generic_port_mapping_entry,
  get_specific_port_mapping_entry,
  get_external_ip_address,
  other,
};

std::string_view to_string(UpnpAction action);

struct UpnpSoapRequest {
  UpnpAction action = UpnpAction::other;
  std::string action_name;   // the element's local name, e.g. "AddPortMapping"
  std::string service_type;  // xmlns of the action element, e.g. "urn:...:WANIPConnection:1"
  std::optional<std::uint16_t> external_port;   // NewExternalPort
  std::string internal_client;                  // NewInternalClient
  std::optional<std::uint16_t> internal_port;   // NewInternalPort
  std::string protocol;                         // NewProtocol: "TCP" / "UDP"
  std::optional<std::uint32_t> lease_duration;  // NewLeaseDuration, seconds (0 = forever)
  std::string description;                      // NewPortMappingDescription
  std::optional<std::uint32_t> mapping_index;   // NewPortMappingIndex (GetGeneric...)
};

// Finds the first element inside the SOAP Body and reads its argument elements.
ParseResult<UpnpSoapRequest> parse_upnp_soap_request(ByteSpan bytes);

}  // namespace iotscope
