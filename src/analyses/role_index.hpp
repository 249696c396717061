#pragma once
// Answers "does this device serve that port?" and "is it a client of that port?" from the
// port_roles findings, for the analyses that build on them.
#include <cstdint>
#include <tuple>
#include <vector>

#include "analyses/analysis_keys.hpp"
#include "analyses/result.hpp"

namespace iotscope {

class RoleIndex {
 public:
  explicit RoleIndex(const std::vector<PortRole>& roles);

  // Server or peer on the device's own port.
  bool serves(const DeviceKey& device, std::uint16_t port, Transport transport) const;
  bool serves_any_transport(const DeviceKey& device, std::uint16_t port) const;
  bool is_client_of(const DeviceKey& device, std::uint16_t port, Transport transport) const;

 private:
  // Sorted and unique: the analyses ask once per edge, and a binary search over a flat vector
  // beats a tree walk by far.
  std::vector<PortKey> served_;
  std::vector<std::tuple<DeviceKey, std::uint16_t>> served_ports_;
  std::vector<PortKey> client_of_;
};

}  // namespace iotscope
