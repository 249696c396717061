#pragma once
// A UPnP device description (the XML at an SSDP LOCATION or an IGD's root URL): the names a
// device gives itself. Serial numbers and UDNs are left out on purpose: they identify one
// household's unit, and device identification needs only make and model.
#include <optional>
#include <string>
#include <string_view>

#include "probe/discovery_common.hpp"

namespace iotscope {

struct UpnpDeviceDescription {
  std::string device_type;  // urn:schemas-upnp-org:device:InternetGatewayDevice:1
  std::string friendly_name;
  std::string manufacturer;
  std::string model_name;
  std::string model_number;
  std::string model_description;
};

// The root <device> of the document; nullopt when the bytes are not XML with a <device>.
std::optional<UpnpDeviceDescription> parse_upnp_device_description(std::string_view xml);

struct DescriptionFetch {
  std::optional<UpnpDeviceDescription> description;
  std::string error;  // why there is none: refused host, HTTP failure, unreadable XML
};

// Fetches `url` over HTTP only when its host is an IP literal that `allowed` accepts.
DescriptionFetch fetch_upnp_device_description(const std::string& url,
                                               const AddressAllowed& allowed);

}  // namespace iotscope
