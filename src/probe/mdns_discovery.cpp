#include "probe/mdns_discovery.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "payload/dns_message.hpp"
#include "probe/multicast_query_socket.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kMdnsPort = 5353;
constexpr std::uint32_t kMdnsGroup = 0xE00000FB;  // 224.0.0.251
constexpr std::string_view kMetaQuery = "_services._dns-sd._udp.local";
constexpr std::size_t kMaxListed = 16;
constexpr std::uint16_t kClassIn = 1;

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value & 0xff));
}

void put_name(std::vector<std::uint8_t>& out, std::string_view name) {
  while (!name.empty()) {
    const auto dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  }
  out.push_back(0);
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (item.empty() || list.size() >= kMaxListed) return;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// TXT data arrives as its strings joined by spaces; a value may itself hold spaces
// ("md=Google Nest Mini"), so a word without '=' continues the previous value.
std::string txt_model(const std::string& txt) {
  static constexpr std::string_view kKeys[] = {"md", "model", "mdl", "am", "ty"};
  std::string key;
  std::string value;
  std::map<std::string, std::string> pairs;
  std::size_t start = 0;
  while (start <= txt.size()) {
    const auto end = std::min(txt.find(' ', start), txt.size());
    const std::string word = txt.substr(start, end - start);
    const auto equals = word.find('=');
    if (equals != std::string::npos && equals > 0) {
      if (!key.empty()) pairs[key] = value;
      key = word.substr(0, equals);
      value = word.substr(equals + 1);
    } else if (!key.empty()) {
      value += ' ' + word;
    }
    start = end + 1;
  }
  if (!key.empty()) pairs[key] = value;
  for (const auto wanted : kKeys) {
    const auto it = pairs.find(std::string(wanted));
    if (it != pairs.end() && !it->second.empty()) return it->second;
  }
  return {};
}

void learn(MdnsResponder& responder, const DnsRecord& record) {
  if (record.type == dns_type::kPtr) {
    if (record.name == kMetaQuery) {
      add_unique(responder.services, record.data);
    } else {
      add_unique(responder.services, record.name);
      add_unique(responder.instances, record.data);
    }
  } else if (record.type == dns_type::kSrv || record.type == dns_type::kA ||
             record.type == dns_type::kAaaa) {
    add_unique(responder.names, record.name);
  } else if (record.type == dns_type::kTxt && responder.model.empty()) {
    responder.model = txt_model(record.data);
  }
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& mdns_iot_service_types() {
  static const std::vector<std::string> types = {"_googlecast._tcp.local",
                                                 "_airplay._tcp.local",
                                                 "_hap._tcp.local",
                                                 "_ipp._tcp.local",
                                                 "_printer._tcp.local",
                                                 "_http._tcp.local",
                                                 "_spotify-connect._tcp.local",
                                                 "_sonos._tcp.local",
                                                 "_hue._tcp.local",
                                                 "_amzn-wplay._tcp.local"};
  return types;
}

std::vector<std::uint8_t> mdns_discovery_query(std::uint16_t id) {
  std::vector<std::uint8_t> out;
  put_u16(out, id);
  put_u16(out, 0);  // a standard query
  put_u16(out, static_cast<std::uint16_t>(1 + mdns_iot_service_types().size()));
  put_u16(out, 0);
  put_u16(out, 0);
  put_u16(out, 0);
  put_name(out, kMetaQuery);
  put_u16(out, dns_type::kPtr);
  put_u16(out, kClassIn);
  for (const auto& type : mdns_iot_service_types()) {
    put_name(out, type);
    put_u16(out, dns_type::kPtr);
    put_u16(out, kClassIn);
  }
  return out;
}

MdnsDiscovery discover_mdns(const DiscoveryOptions& options, const AddressAllowed& allowed) {
  MdnsDiscovery out;
  const MulticastQuerySocket socket(options.interface_name);
  const auto id = static_cast<std::uint16_t>(::getpid());
  const std::vector<std::uint8_t> query = mdns_discovery_query(id);
  const auto deadline = std::chrono::steady_clock::now() + options.wait;
  const int sends = std::max(1, options.sends);
  std::map<IpAddress, std::size_t> index;
  for (int send = 0; send < sends; ++send) {
    socket.send_to_group(IpAddress::v4(kMdnsGroup), kMdnsPort, query);
    const auto until =
        send + 1 == sends
            ? deadline
            : std::min(deadline, std::chrono::steady_clock::now() + options.wait / (2 * sends));
    socket.receive_until(until, [&](const IpAddress& from, std::uint16_t, ByteSpan bytes) {
      if (!allowed(from)) {
        ++out.dropped_outside_targets;
        return;
      }
      const auto message = parse_dns_message(bytes);
      if (!message || !message->is_response) {
        ++out.unparsable;
        return;
      }
      auto [it, added] = index.try_emplace(from, out.responders.size());
      if (added) out.responders.push_back(MdnsResponder{from, {}, {}, {}, {}, unix_time_now()});
      MdnsResponder& responder = out.responders[it->second];
      for (const auto* section : {&message->answers, &message->additionals}) {
        for (const auto& record : *section) learn(responder, record);
      }
    });
  }
  return out;
}

std::vector<Observation> mdns_observations(const MdnsDiscovery& discovery) {
  std::vector<Observation> out;
  out.reserve(discovery.responders.size());
  for (const auto& responder : discovery.responders) {
    Observation o = probe_observation(responder.ts, "mdns_name", responder.address, kMdnsPort,
                                      {{"names", joined(responder.names)},
                                       {"services", joined(responder.services)},
                                       {"instances", joined(responder.instances)},
                                       {"address", responder.address.to_string()}});
    if (!responder.model.empty()) o.fields["model"] = responder.model;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace iotscope
