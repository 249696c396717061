#include "cli/probe_inputs.hpp"

#include <algorithm>
#include <map>
#include <set>

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

void key_offers(const ProbeResults& probe, DeviceResolver& resolver, KeyedProbes& out) {
  auto& offers = probe.run.vantage == Vantage::external ? out.active.external : out.active.internal;
  for (ServiceOffer offer : probe.offers) {
    offer.device = resolver.key(offer.address, offer.mac);
    // The thesis labelled devices from their banners: products and nmap's device types help.
    resolver.learn(offer.device, offer.product);
    resolver.learn(offer.device, offer.hostname);
    resolver.learn_type(offer.device, offer.device_type);
    offers.push_back(std::move(offer));
  }
}

}  // namespace

KeyedProbes key_probe_results(const std::vector<ProbeResults>& probes, const std::string& home_id,
                              std::vector<DeviceRecord>& devices) {
  KeyedProbes out;
  DeviceResolver resolver(home_id, devices);
  std::set<DeviceKey> probed;
  for (const auto& probe : probes) {
    const bool internal = probe.run.vantage == Vantage::internal;
    for (const auto& host : probe.hosts) {
      const DeviceKey key = resolver.key(host.address, host.mac);
      resolver.learn(key, host.hostname);
      if (internal) probed.insert(key);
    }
    key_offers(probe, resolver, out);
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
  out.active.probed.assign(probed.begin(), probed.end());
  return out;
}

}  // namespace iotscope
