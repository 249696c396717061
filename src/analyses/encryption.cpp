#include "analyses/encryption.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

using EntryKey = std::tuple<DeviceKey, PeerScope, std::uint64_t, std::uint16_t, Transport>;

struct EntryVolume {
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
};

struct KeyedVolume {
  EntryKey key;
  EntryVolume volume;
};

bool has_service(std::uint16_t port, Transport transport) {
  return !service_info(port, transport).name.empty();
}

// The service port of an edge: the port_roles of the device decide first, then those of a
// local peer, then a well-known service number on either side (remote first, since devices are
// clients far more often than servers). nullopt when nothing tells.
std::optional<std::uint16_t> server_port(const EdgeSummary& e, const RoleIndex& roles) {
  if (roles.serves(e.device, e.local_port, e.transport)) return e.local_port;
  if (roles.is_client_of(e.device, e.remote_port, e.transport)) return e.remote_port;
  if (e.scope == PeerScope::local_device) {
    const DeviceKey peer{e.device.home, e.peer_device};
    if (roles.serves(peer, e.remote_port, e.transport)) return e.remote_port;
    if (roles.is_client_of(peer, e.local_port, e.transport)) return e.local_port;
  }
  if (has_service(e.remote_port, e.transport)) return e.remote_port;
  if (has_service(e.local_port, e.transport)) return e.local_port;
  return std::nullopt;
}

bool names_a_peer(const EdgeSummary& e) {
  return e.scope == PeerScope::external ||
         (e.scope == PeerScope::local_device && e.peer_device != 0);
}

// Edges come sorted by device, so the items are too: sorting each device's run alone gives the
// same order as one sort of everything, in small cache-resident pieces.
void sort_by_key(std::vector<KeyedVolume>& items) {
  const auto by_key = [](const KeyedVolume& a, const KeyedVolume& b) { return a.key < b.key; };
  const auto device_of = [](const KeyedVolume& item) { return std::get<0>(item.key); };
  const bool grouped_by_device = std::is_sorted(
      items.begin(), items.end(),
      [&](const KeyedVolume& a, const KeyedVolume& b) { return device_of(a) < device_of(b); });
  if (!grouped_by_device) {
    std::sort(items.begin(), items.end(), by_key);
    return;
  }
  for (auto begin = items.begin(); begin != items.end();) {
    auto end = begin;
    while (end != items.end() && device_of(*end) == device_of(*begin)) ++end;
    std::sort(begin, end, by_key);
    begin = end;
  }
}

}  // namespace

std::vector<EncryptionEntry> find_encryption(const Summaries& summaries, const RoleIndex& roles) {
  // One item per edge, sorted and merged: far cheaper than a tree keyed by tuples.
  std::vector<KeyedVolume> items;
  items.reserve(summaries.edges.size());
  for (const auto& e : summaries.edges) {
    if (!names_a_peer(e)) continue;
    const auto port = server_port(e, roles);
    if (!port) continue;
    const std::uint64_t peer = e.scope == PeerScope::external ? 0 : e.peer_device;
    items.push_back({{e.device, e.scope, peer, *port, e.transport}, {e.flows, e.bytes}});
  }
  sort_by_key(items);
  std::size_t distinct_keys = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == 0 || !(items[i].key == items[i - 1].key)) ++distinct_keys;
  }
  // Entries are large: growing the vector would move each one several times.
  std::vector<EncryptionEntry> entries;
  entries.reserve(distinct_keys);
  for (std::size_t i = 0; i < items.size();) {
    const EntryKey& key = items[i].key;
    EntryVolume v;
    for (; i < items.size() && items[i].key == key; ++i) {
      v.flows += items[i].volume.flows;
      v.bytes += items[i].volume.bytes;
    }
    EncryptionEntry& entry = entries.emplace_back();  // built in place: entries are large
    std::tie(entry.device, entry.peer_scope, entry.peer_device, entry.port, entry.transport) = key;
    const auto service = service_info(entry.port, entry.transport);
    entry.service = std::string(service.name);
    entry.status = service.status;
    entry.how_known = HowKnown::port;
    entry.flows = v.flows;
    entry.bytes = v.bytes;
  }
  return entries;
}

}  // namespace iotscope
