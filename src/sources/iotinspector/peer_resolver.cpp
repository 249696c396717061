#include "sources/iotinspector/peer_resolver.hpp"

namespace iotscope {

PeerPlace resolve_peer(const DeviceDirectory& directory, const DeviceKey& device,
                       const IpAddress& remote_ip, bool peer_named_local) {
  if (const auto peer = directory.device_at(device.home, remote_ip, device.device))
    return PeerPlace{PeerScope::local_device, *peer};
  if (remote_ip.is_multicast() || remote_ip.is_broadcast())
    return PeerPlace{PeerScope::multicast_broadcast, 0};
  if (remote_ip.is_local() || peer_named_local) return PeerPlace{PeerScope::local_unknown, 0};
  return PeerPlace{PeerScope::external, 0};
}

}  // namespace iotscope
