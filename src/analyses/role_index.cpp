#include "analyses/role_index.hpp"

namespace iotscope {

RoleIndex::RoleIndex(const std::vector<PortRole>& roles) {
  for (const auto& role : roles) {
    if (role.side == PortSide::local && (role.role == Role::server || role.role == Role::peer)) {
      served_.emplace(role.device, role.port, role.transport);
      served_ports_.emplace(role.device, role.port);
    } else if (role.side == PortSide::remote && role.role == Role::client) {
      client_of_.emplace(role.device, role.port, role.transport);
    }
  }
}

bool RoleIndex::serves(const DeviceKey& device, std::uint16_t port, Transport transport) const {
  return served_.contains(PortKey{device, port, transport});
}

bool RoleIndex::serves_any_transport(const DeviceKey& device, std::uint16_t port) const {
  return served_ports_.contains({device, port});
}

bool RoleIndex::is_client_of(const DeviceKey& device, std::uint16_t port,
                             Transport transport) const {
  return client_of_.contains(PortKey{device, port, transport});
}

}  // namespace iotscope
