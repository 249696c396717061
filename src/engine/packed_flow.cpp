#include "engine/packed_flow.hpp"

#include <algorithm>
#include <limits>

namespace iotscope {
namespace {
std::uint32_t saturate32(std::uint64_t value) {
  return static_cast<std::uint32_t>(
      std::min<std::uint64_t>(value, std::numeric_limits<std::uint32_t>::max()));
}
}  // namespace

PackedFlow PackedFlow::from(const FlowRecord& flow) {
  PackedFlow packed;
  packed.device = flow.device;
  packed.peer_device = flow.scope == PeerScope::local_device ? flow.peer_device : 0;
  packed.bytes_out = flow.bytes_out;
  packed.bytes_in = flow.bytes_in;
  packed.first_ts = flow.first_ts;
  packed.last_ts = flow.last_ts;
  packed.remote_ip = flow.remote_ip;
  packed.packets_out = saturate32(flow.packets_out);
  packed.packets_in = saturate32(flow.packets_in);
  packed.windows = flow.windows;
  packed.local_port = flow.device_port;
  packed.remote_port = flow.remote_port;
  packed.transport = flow.transport;
  packed.scope = flow.scope;
  packed.initiator = flow.initiator;
  packed.state = flow.state;
  return packed;
}

}  // namespace iotscope
