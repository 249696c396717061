#pragma once
#include <cstdint>
#include <string>

#include "model/device_key.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

enum class PortState : std::uint8_t { open, closed, filtered };

// What active probing found on one port of one device. A prober knows the address it sent to
// (and the MAC when the target shares its segment); `device` is filled once the address is
// resolved to a device of the home.
struct ServiceOffer {
  DeviceKey device;
  IpAddress address;
  std::string mac;  // lower-case colon form, empty when unknown
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  PortState state = PortState::open;
  std::string reason;   // why the state: "syn-ack", "conn-refused", "no-response", "udp-response"
  std::string banner;   // first bytes the service sent, printable-escaped
  std::string service;  // nmap's service name ("http", "ssh", "upnp"), empty when unidentified
  std::string product;
  std::string version;
  std::string info;  // nmap's i/ field
  std::string hostname;
  std::string os;
  std::string cpe;          // space-separated cpe:/ strings
  std::string device_type;  // nmap's d/ field
  std::string method;       // "probed" (a service probe matched), "table" (port-number guess)
  double ts = 0;
};

}  // namespace iotscope
