#pragma once
#include <cstdint>
#include <string>

#include "model/device_key.hpp"
#include "model/enums.hpp"

namespace iotscope {

enum class PortState : std::uint8_t { open, closed, filtered };

// What active probing found on one port of one device.
struct ServiceOffer {
  DeviceKey device;
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  PortState state = PortState::open;
  std::string banner;
  std::string service;
  std::string product;
  std::string version;
  std::string cpe;
  std::string device_type;  // nmap's d/ field
  double ts = 0;
};

}  // namespace iotscope
