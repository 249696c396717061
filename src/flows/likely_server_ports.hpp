#pragma once
// Ports a server plausibly listens on, per transport (Zeek's likely_server_ports). When the
// first packet of a connection is not a bare SYN, they decide who the originator was.
#include <array>
#include <cstdint>
#include <initializer_list>

#include "flows/connection.hpp"

namespace iotscope {

class LikelyServerPorts {
 public:
  // Well-known ports (below 1024) plus registered service ports seen in homes.
  static LikelyServerPorts defaults();
  static LikelyServerPorts none() { return {}; }

  void add(Transport transport, std::uint16_t port);
  void add(Transport transport, std::initializer_list<std::uint16_t> ports);
  void remove(Transport transport, std::uint16_t port);
  bool contains(Transport transport, std::uint16_t port) const {
    const auto& bits = transport == Transport::tcp ? tcp_ : udp_;
    return transport != Transport::icmp && transport != Transport::other &&
           ((bits[port >> 6] >> (port & 63)) & 1u) != 0;
  }

 private:
  std::array<std::uint64_t, 1024> tcp_{};
  std::array<std::uint64_t, 1024> udp_{};
};

}  // namespace iotscope
