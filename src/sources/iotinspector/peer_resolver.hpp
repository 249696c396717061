#pragma once
// Decides where the remote end of a flow is: another device of the same home (joined on its
// LAN address), a multicast or broadcast group, another local address, or the Internet.
#include <cstdint>

#include "model/enums.hpp"
#include "model/ip_address.hpp"
#include "sources/iotinspector/device_directory.hpp"

namespace iotscope {

struct PeerPlace {
  PeerScope scope = PeerScope::external;
  std::uint64_t peer_device = 0;
};

PeerPlace resolve_peer(const DeviceDirectory& directory, const DeviceKey& device,
                       const IpAddress& remote_ip, bool peer_named_local);

}  // namespace iotscope
