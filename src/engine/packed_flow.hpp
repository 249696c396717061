#pragma once
// A FlowRecord without the fields no reduction reads, laid out so that millions fit in memory.
#include <cstdint>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/flow_record.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

struct PackedFlow {
  DeviceKey device;
  std::uint64_t peer_device = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t bytes_in = 0;
  double first_ts = 0;
  double last_ts = 0;
  IpAddress remote_ip;
  std::uint32_t packets_out = 0;
  std::uint32_t packets_in = 0;
  std::uint32_t windows = 0;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  Transport transport = Transport::other;
  PeerScope scope = PeerScope::external;
  Initiator initiator = Initiator::unknown;
  ConnState state = ConnState::unknown;

  static PackedFlow from(const FlowRecord& flow);
};

}  // namespace iotscope
