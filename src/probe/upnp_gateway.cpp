#include "probe/upnp_gateway.hpp"

#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>

#include <charconv>
#include <memory>

#include "probe/upnp_device_description.hpp"

namespace iotscope {
namespace {

struct DeviceListDeleter {
  void operator()(UPNPDev* list) const { freeUPNPDevlist(list); }
};

// miniupnpc's URLs of one IGD, freed on every path.
class IgdUrls {
 public:
  IgdUrls() = default;
  IgdUrls(const IgdUrls&) = delete;
  IgdUrls& operator=(const IgdUrls&) = delete;
  ~IgdUrls() { FreeUPNPUrls(&urls_); }
  UPNPUrls* get() { return &urls_; }
  const UPNPUrls& operator*() const { return urls_; }

 private:
  UPNPUrls urls_{};
};

template <class T>
T number_or(const char* text, T fallback) {
  const std::string_view view(text);
  T value{};
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  return error == std::errc{} && end == view.data() + view.size() ? value : fallback;
}

GatewayLookup refused(std::string message) {
  return GatewayLookup{std::nullopt, std::move(message)};
}

std::optional<std::string> refusal(const char* what, const char* url,
                                   const AddressAllowed& allowed) {
  const std::string text = url == nullptr ? std::string{} : url;
  const auto host = url_host_address(text);
  if (!host)
    return std::string("refused the gateway's ") + what + " \"" + text +
           "\": its host is not an IP address (no DNS lookups)";
  if (!allowed(*host)) {
    return std::string("refused the gateway's ") + what + " \"" + text +
           "\": " + host->to_string() + " is outside the targets";
  }
  return std::nullopt;
}

void list_mappings(const UPNPUrls& urls, const IGDdatas& data, std::size_t max,
                   GatewayReport& report) {
  for (std::size_t index = 0; index < max; ++index) {
    // Buffer sizes are the ones upnpcommands.h documents for each output.
    char external_port[6] = {};
    char internal_client[16] = {};
    char internal_port[6] = {};
    char protocol[4] = {};
    char description[80] = {};
    char enabled[4] = {};
    char remote_host[64] = {};
    char duration[16] = {};
    const std::string index_text = std::to_string(index);
    const int code = UPNP_GetGenericPortMappingEntry(
        urls.controlURL, data.first.servicetype, index_text.c_str(), external_port, internal_client,
        internal_port, protocol, description, enabled, remote_host, duration);
    if (code != UPNPCOMMAND_SUCCESS) {
      report.listing_end_code = code;
      return;
    }
    UpnpPortMapping mapping;
    mapping.external_port = number_or<std::uint16_t>(external_port, 0);
    mapping.protocol = protocol;
    mapping.internal_client = internal_client;
    mapping.internal_port = number_or<std::uint16_t>(internal_port, 0);
    mapping.description = description;
    mapping.enabled = std::string_view(enabled) != "0";
    mapping.lease_duration = number_or<std::uint32_t>(duration, 0);
    mapping.remote_host = remote_host;
    report.mappings.push_back(std::move(mapping));
  }
}

}  // namespace

GatewayLookup query_gateway_at(const std::string& root_description_url,
                               const AddressAllowed& allowed, const GatewayQueryOptions& options) {
  if (const auto why = refusal("root description URL", root_description_url.c_str(), allowed)) {
    return refused(*why);
  }
  IgdUrls urls;
  IGDdatas data{};
  char lan_address[64] = {};
  if (UPNP_GetIGDFromUrl(root_description_url.c_str(), urls.get(), &data, lan_address,
                         sizeof lan_address) != 1) {
    return refused("no UPnP device description at " + root_description_url);
  }
  if ((*urls).controlURL == nullptr || data.first.servicetype[0] == '\0') {
    return refused(root_description_url +
                   " describes no WANIPConnection or WANPPPConnection: not an IGD");
  }
  // A description may name a control URL on another host; that host must be allowed too.
  if (const auto why = refusal("control URL", (*urls).controlURL, allowed)) return refused(*why);

  GatewayReport report;
  report.gateway = *url_host_address(root_description_url);
  report.root_description_url = root_description_url;
  report.control_url = (*urls).controlURL;
  report.service_type = data.first.servicetype;
  report.ts = unix_time_now();
  const auto description = fetch_upnp_device_description(root_description_url, allowed);
  if (description.description) {
    report.friendly_name = description.description->friendly_name;
    report.manufacturer = description.description->manufacturer;
    report.model_name = description.description->model_name;
    report.model_number = description.description->model_number;
  }
  char external[64] = {};
  report.external_address_error =
      UPNP_GetExternalIPAddress((*urls).controlURL, data.first.servicetype, external);
  if (report.external_address_error == UPNPCOMMAND_SUCCESS) report.external_address = external;
  report.connected = UPNPIGD_IsConnected(urls.get(), &data) == 1;
  list_mappings(*urls, data, options.max_mappings, report);
  return GatewayLookup{std::move(report), {}};
}

GatewayLookup discover_gateway(const std::string& interface_name, const AddressAllowed& allowed,
                               const GatewayQueryOptions& options) {
  int error = 0;
  constexpr unsigned char kLinkLocalTtl = 1;  // the M-SEARCH never leaves the segment
  const std::unique_ptr<UPNPDev, DeviceListDeleter> devices(
      upnpDiscover(static_cast<int>(options.discovery_wait.count()), interface_name.c_str(),
                   nullptr, UPNP_LOCAL_PORT_ANY, 0, kLinkLocalTtl, &error));
  if (!devices) {
    return refused("no UPnP device answered an SSDP search on " + interface_name +
                   " (miniupnpc error " + std::to_string(error) + ")");
  }
  std::string last_error = "no allowed UPnP device on " + interface_name + " is a gateway";
  for (const UPNPDev* device = devices.get(); device != nullptr; device = device->pNext) {
    const std::string_view search_target = device->st == nullptr ? "" : device->st;
    if (search_target.find("InternetGatewayDevice") == std::string_view::npos) continue;
    const auto host = url_host_address(device->descURL == nullptr ? "" : device->descURL);
    if (!host || !allowed(*host)) continue;  // never fetched: outside the targets
    GatewayLookup lookup = query_gateway_at(device->descURL, allowed, options);
    if (lookup.report) return lookup;
    last_error = lookup.error;
  }
  return refused(last_error);
}

std::vector<Observation> gateway_observations(const GatewayReport& report) {
  std::vector<Observation> out;
  out.reserve(report.mappings.size() + 1);
  for (const auto& mapping : report.mappings) {
    Observation o =
        probe_observation(report.ts, "upnp_port_mapping", report.gateway, mapping.external_port,
                          {{"action", "GetGenericPortMappingEntry"},
                           {"external_port", std::to_string(mapping.external_port)},
                           {"internal_client", mapping.internal_client},
                           {"internal_port", std::to_string(mapping.internal_port)},
                           {"protocol", mapping.protocol},
                           {"lease", std::to_string(mapping.lease_duration)},
                           {"description", mapping.description},
                           {"enabled", mapping.enabled ? "true" : "false"},
                           {"remote_host", mapping.remote_host},
                           {"response", "true"},
                           {"result", "0"}});
    if (!report.external_address.empty()) o.fields["external_address"] = report.external_address;
    out.push_back(std::move(o));
  }
  out.push_back(probe_observation(report.ts, "upnp_gateway", report.gateway, 0,
                                  {{"external_address", report.external_address},
                                   {"friendly_name", report.friendly_name},
                                   {"manufacturer", report.manufacturer},
                                   {"model_name", report.model_name},
                                   {"model_number", report.model_number},
                                   {"control_url", report.control_url},
                                   {"connected", report.connected ? "true" : "false"},
                                   {"mappings", std::to_string(report.mappings.size())}}));
  return out;
}

}  // namespace iotscope
