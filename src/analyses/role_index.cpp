#include "analyses/role_index.hpp"

#include <algorithm>

namespace iotscope {
namespace {

template <typename Key>
void sort_unique(std::vector<Key>& keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

template <typename Key>
bool holds(const std::vector<Key>& keys, const Key& key) {
  return std::binary_search(keys.begin(), keys.end(), key);
}

}  // namespace

RoleIndex::RoleIndex(const std::vector<PortRole>& roles) {
  for (const auto& role : roles) {
    if (role.side == PortSide::local && (role.role == Role::server || role.role == Role::peer)) {
      served_.emplace_back(role.device, role.port, role.transport);
      served_ports_.emplace_back(role.device, role.port);
    } else if (role.side == PortSide::remote && role.role == Role::client) {
      client_of_.emplace_back(role.device, role.port, role.transport);
    }
  }
  sort_unique(served_);
  sort_unique(served_ports_);
  sort_unique(client_of_);
}

bool RoleIndex::serves(const DeviceKey& device, std::uint16_t port, Transport transport) const {
  return holds(served_, PortKey{device, port, transport});
}

bool RoleIndex::serves_any_transport(const DeviceKey& device, std::uint16_t port) const {
  return holds(served_ports_, std::tuple<DeviceKey, std::uint16_t>{device, port});
}

bool RoleIndex::is_client_of(const DeviceKey& device, std::uint16_t port,
                             Transport transport) const {
  return holds(client_of_, PortKey{device, port, transport});
}

}  // namespace iotscope
