#pragma once
// One row of a flows table turned around the device it belongs to: the unit the window
// assembler merges into flows. Text fields are views into the chunk that holds the row, which
// stays alive while the window is queued.
#include <cstdint>
#include <string_view>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

struct FlowWindow {
  DeviceKey device;
  IpAddress remote_ip;
  double ts = 0;
  std::uint64_t bytes_in = 0;  // received by the device
  std::uint64_t bytes_out = 0;
  std::uint64_t packets_in = 0;
  std::uint64_t packets_out = 0;
  std::uint16_t device_port = 0;
  std::uint16_t remote_port = 0;
  Transport transport = Transport::other;
  Initiator initiator = Initiator::unknown;
  bool peer_named_local = false;     // remote_hostname was "(Local Network)"
  bool device_id_is_mac = false;     // shape B: device_id is a MAC address
  std::string_view remote_hostname;  // trailing '?' removed; empty when unknown
  std::string_view home_id;          // the dataset's home id (for devices missing from tables)
  std::string_view device_id;        // the dataset's device id
};

}  // namespace iotscope
