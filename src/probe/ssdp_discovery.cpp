#include "probe/ssdp_discovery.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "probe/multicast_query_socket.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kSsdpPort = 1900;
constexpr std::uint32_t kSsdpGroup = 0xEFFFFFFA;  // 239.255.255.250

std::string search_request(std::chrono::milliseconds wait) {
  // MX: devices spread their answers over this many seconds (1..5 per UPnP 1.1).
  const auto mx = std::clamp<long long>(wait.count() / 1000 - 1, 1, 5);
  return "M-SEARCH * HTTP/1.1\r\n"
         "HOST: 239.255.255.250:1900\r\n"
         "MAN: \"ssdp:discover\"\r\n"
         "MX: " +
         std::to_string(mx) +
         "\r\n"
         "ST: ssdp:all\r\n"
         "\r\n";
}

void add_descriptions(SsdpDiscovery& out, const AddressAllowed& allowed) {
  std::map<std::string, std::optional<UpnpDeviceDescription>> fetched;  // one GET per LOCATION
  for (auto& answer : out.answers) {
    const std::string& location = answer.message.location;
    if (location.empty()) continue;
    auto it = fetched.find(location);
    if (it == fetched.end()) {
      const auto fetch = fetch_upnp_device_description(location, allowed);
      if (!fetch.error.empty()) out.notes.push_back(fetch.error);
      it = fetched.emplace(location, fetch.description).first;
    }
    answer.description = it->second;
  }
}

}  // namespace

SsdpDiscovery discover_ssdp(const DiscoveryOptions& options, const AddressAllowed& allowed) {
  SsdpDiscovery out;
  const MulticastQuerySocket socket(options.interface_name);
  const std::string request = search_request(options.wait);
  const auto deadline = std::chrono::steady_clock::now() + options.wait;
  const int sends = std::max(1, options.sends);
  std::set<std::pair<IpAddress, std::string>> seen;
  for (int send = 0; send < sends; ++send) {
    socket.send_to_group(IpAddress::v4(kSsdpGroup), kSsdpPort, as_bytes(request));
    const auto until =
        send + 1 == sends
            ? deadline
            : std::min(deadline, std::chrono::steady_clock::now() + options.wait / (2 * sends));
    socket.receive_until(until, [&](const IpAddress& from, std::uint16_t port, ByteSpan bytes) {
      if (!allowed(from)) {
        ++out.dropped_outside_targets;
        return;
      }
      auto message = parse_ssdp_message(bytes);
      if (!message || message->kind == SsdpKind::search) return;
      if (!seen.emplace(from, message->usn).second) return;
      out.answers.push_back(
          SsdpAnswer{from, port, std::move(message.value()), std::nullopt, unix_time_now()});
    });
  }
  if (options.fetch_descriptions) add_descriptions(out, allowed);
  return out;
}

std::vector<Observation> ssdp_observations(const SsdpDiscovery& discovery) {
  std::vector<Observation> out;
  out.reserve(discovery.answers.size());
  for (const auto& answer : discovery.answers) {
    const SsdpMessage& m = answer.message;
    Observation o =
        probe_observation(answer.ts, "ssdp_name", answer.responder, answer.responder_port,
                          {{"server", m.server},
                           {"location", m.location},
                           {"usn", m.usn},
                           {"type", m.kind == SsdpKind::notify ? m.notify_type : m.search_target},
                           {"address", answer.responder.to_string()}});
    if (const auto& d = answer.description) {
      for (const auto& [name, value] : {std::pair{"friendly_name", &d->friendly_name},
                                        {"manufacturer", &d->manufacturer},
                                        {"model_name", &d->model_name},
                                        {"model_number", &d->model_number},
                                        {"model_description", &d->model_description},
                                        {"device_type", &d->device_type}}) {
        if (!value->empty()) o.fields[name] = *value;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace iotscope
