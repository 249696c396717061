#include "cli/probe_inputs.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "identify/nmap_device_type.hpp"
#include "sources/text/field_parsers.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

// Observation fields that name a device (SSDP friendly names, mDNS instance names).
// The passive parsers' spellings (mDNS "names", SSDP "server", DHCP "host_name") and the device
// description's.
constexpr std::string_view kNameFields[] = {
    "names", "server", "host_name", "friendly_name", "model_name", "manufacturer", "model"};

class DeviceResolver {
 public:
  DeviceResolver(const std::string& home_id, std::vector<DeviceRecord>& devices)
      : home_id_(home_id), home_(hash_text(home_id)), devices_(devices) {
    for (std::size_t i = 0; i < devices_.size(); ++i) index(i);
  }

  DeviceKey key(const IpAddress& address, const std::string& mac) {
    if (!mac.empty()) {
      const DeviceKey by_mac{home_, hash_text(mac)};
      // A capture without link layer keyed this host by address: the probe's MAC completes it.
      const auto it = by_ip_.find(address);
      if (!by_key_.contains(by_mac) && it != by_ip_.end() && devices_[it->second].mac.empty()) {
        DeviceRecord& known = devices_[it->second];
        known.mac = mac;
        known.oui = canonical_oui(mac).value_or("");
        return known.key;
      }
      return ensure(address, mac, by_mac);
    }
    if (const auto it = by_ip_.find(address); it != by_ip_.end()) return devices_[it->second].key;
    return ensure(address, mac, DeviceKey{home_, hash_text(address.to_string())});
  }

  // A type a banner names is a fact the source knows, kept by identification; the first one wins.
  void learn_type(const DeviceKey& key, const std::string& nmap_type) {
    const DeviceType type = device_type_from_nmap(nmap_type);
    const auto it = by_key_.find(key);
    if (type == DeviceType::unknown || it == by_key_.end()) return;
    DeviceRecord& device = devices_[it->second];
    if (device.type == DeviceType::unknown) device.type = type;
  }

  void learn(const DeviceKey& key, const std::string& name) {
    if (name.empty()) return;
    const auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    auto& names = devices_[it->second].learnt_names;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }

  bool knows(const IpAddress& address, const std::string& mac) const {
    return by_ip_.contains(address) ||
           (!mac.empty() && by_key_.contains(DeviceKey{home_, hash_text(mac)}));
  }

 private:
  void index(std::size_t i) {
    by_key_.emplace(devices_[i].key, i);
    if (!devices_[i].ip.is_unset()) by_ip_.emplace(devices_[i].ip, i);
  }

  DeviceKey ensure(const IpAddress& address, const std::string& mac, const DeviceKey& key) {
    if (const auto it = by_key_.find(key); it != by_key_.end()) {
      DeviceRecord& known = devices_[it->second];
      if (known.ip.is_unset()) known.ip = address;
      return key;
    }
    DeviceRecord record;
    record.key = key;
    record.home_id = home_id_;
    record.source_id = mac.empty() ? address.to_string() : mac;
    record.ip = address;
    record.mac = mac;
    if (!mac.empty()) record.oui = canonical_oui(mac).value_or("");
    devices_.push_back(std::move(record));
    index(devices_.size() - 1);
    return key;
  }

  std::string home_id_;
  std::uint64_t home_;
  std::vector<DeviceRecord>& devices_;
  std::map<DeviceKey, std::size_t> by_key_;
  std::map<IpAddress, std::size_t> by_ip_;
};

// The gateway's NAT as probes saw it: which public port leads to which device and port.
class NatTable {
 public:
  explicit NatTable(const std::vector<ProbeResults>& probes) {
    for (const auto& probe : probes) {
      for (const auto& item : probe.observations) note(item);
    }
  }

  // Where a port found open on `address` from outside really is: through a listed mapping to
  // its internal client, else on the gateway itself; nullopt when the address is no public
  // address of the home's gateway.
  std::optional<std::pair<IpAddress, std::uint16_t>> inside(const IpAddress& address,
                                                            std::uint16_t port,
                                                            Transport transport) const {
    const bool ours = external_.contains(address) || (external_.empty() && gateway_);
    if (!ours) return std::nullopt;
    const auto it = mappings_.find({port, transport});
    if (it != mappings_.end()) return it->second;
    if (gateway_) return std::make_pair(*gateway_, port);
    return std::nullopt;
  }

 private:
  static std::string field(const Observation& o, const char* name) {
    const auto it = o.fields.find(name);
    return it == o.fields.end() ? std::string() : it->second;
  }

  void note(const ProbeObservation& item) {
    const Observation& o = item.observation;
    if (const auto external = IpAddress::parse(field(o, "external_address"))) {
      external_.insert(*external);
    }
    if (o.kind == "upnp_gateway") gateway_ = item.address;
    if (o.kind != "upnp_port_mapping") return;
    const auto client = IpAddress::parse(field(o, "internal_client"));
    const auto transport = parse_transport(field(o, "protocol"));
    const auto external_port = parse_port(field(o, "external_port"));
    const auto internal_port = parse_port(field(o, "internal_port"));
    if (!client || !transport || !external_port || !internal_port) return;
    mappings_[{*external_port, *transport}] = {*client, *internal_port};
  }

  static std::optional<std::uint16_t> parse_port(const std::string& text) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value > 65535) {
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
  }

  std::set<IpAddress> external_;
  std::optional<IpAddress> gateway_;
  std::map<std::pair<std::uint16_t, Transport>, std::pair<IpAddress, std::uint16_t>> mappings_;
};

void key_offer(ServiceOffer offer, DeviceResolver& resolver, std::vector<ServiceOffer>& out) {
  offer.device = resolver.key(offer.address, offer.mac);
  // The thesis labelled devices from their banners: products and nmap's device types help.
  resolver.learn(offer.device, offer.product);
  resolver.learn(offer.device, offer.hostname);
  resolver.learn_type(offer.device, offer.device_type);
  out.push_back(std::move(offer));
}

void key_internal(const ProbeResults& probe, DeviceResolver& resolver, std::set<DeviceKey>& probed,
                  KeyedProbes& out) {
  for (const auto& host : probe.hosts) {
    const DeviceKey key = resolver.key(host.address, host.mac);
    resolver.learn(key, host.hostname);
    probed.insert(key);
  }
  for (const auto& offer : probe.offers) key_offer(offer, resolver, out.active.internal);
}

// A scan from the Internet sees the home's public address: its ports are translated through the
// gateway's listed mappings to the devices behind them (the gateway's own otherwise). Its hosts
// are not devices of the home.
void key_external(const ProbeResults& probe, const NatTable& nat, DeviceResolver& resolver,
                  KeyedProbes& out) {
  for (ServiceOffer offer : probe.offers) {
    if (!resolver.knows(offer.address, offer.mac)) {
      if (const auto inside = nat.inside(offer.address, offer.port, offer.transport)) {
        std::tie(offer.address, offer.port) = *inside;
        offer.mac.clear();
      }
    }
    key_offer(std::move(offer), resolver, out.active.external);
  }
}

void key_observations(const ProbeResults& probe, DeviceResolver& resolver, KeyedProbes& out) {
  for (const auto& item : probe.observations) {
    Observation observation = item.observation;
    observation.device = resolver.key(item.address, item.mac);
    for (const auto field : kNameFields) {
      const auto it = observation.fields.find(std::string(field));
      if (it != observation.fields.end()) resolver.learn(observation.device, it->second);
    }
    out.observations.push_back(std::move(observation));
  }
}

}  // namespace

KeyedProbes key_probe_results(const std::vector<ProbeResults>& probes, const std::string& home_id,
                              std::vector<DeviceRecord>& devices) {
  KeyedProbes out;
  DeviceResolver resolver(home_id, devices);
  std::set<DeviceKey> probed;
  // Inside first: external scans are read against the devices and mappings found inside.
  for (const auto& probe : probes) {
    if (probe.run.vantage != Vantage::internal) continue;
    key_internal(probe, resolver, probed, out);
    key_observations(probe, resolver, out);
  }
  const NatTable nat(probes);
  for (const auto& probe : probes) {
    if (probe.run.vantage != Vantage::external) continue;
    key_external(probe, nat, resolver, out);
    key_observations(probe, resolver, out);
  }
  out.active.probed.assign(probed.begin(), probed.end());
  return out;
}

}  // namespace iotscope
