#include "flows/likely_server_ports.hpp"

namespace iotscope {

void LikelyServerPorts::add(Transport transport, std::uint16_t port) {
  auto& bits = transport == Transport::tcp ? tcp_ : udp_;
  bits[port >> 6] |= std::uint64_t{1} << (port & 63);
}

void LikelyServerPorts::add(Transport transport, std::initializer_list<std::uint16_t> ports) {
  for (const std::uint16_t port : ports) add(transport, port);
}

void LikelyServerPorts::remove(Transport transport, std::uint16_t port) {
  auto& bits = transport == Transport::tcp ? tcp_ : udp_;
  bits[port >> 6] &= ~(std::uint64_t{1} << (port & 63));
}

LikelyServerPorts LikelyServerPorts::defaults() {
  LikelyServerPorts ports;
  for (std::uint16_t port = 1; port < 1024; ++port) {
    ports.add(Transport::tcp, port);
    ports.add(Transport::udp, port);
  }
  // A DHCP client's port is no server's (Zeek lists only 67/udp for DHCP).
  ports.remove(Transport::udp, 68);
  // Registered ports of services Zeek's base analyzers (and IoT devices) listen on.
  ports.add(Transport::tcp, {1080, 1433, 1434, 1723, 1883, 2049, 2181, 2811, 3128, 3268, 3306,
                             3389, 4222, 5000, 5222, 5223, 5269, 5432, 5555, 5671, 5672, 5900,
                             5901, 6379, 6443, 6666, 6667, 6668, 6669, 7000, 8000, 8008, 8009,
                             8080, 8081, 8443, 8883, 8888, 9000, 9090, 9100, 9200, 20000});
  ports.add(Transport::udp, {1194, 1434, 1812, 1813, 1900, 2123, 2152, 3478, 3544, 4500, 4789, 5060,
                             5072, 5353, 5355, 5683, 5684, 6081, 20000});
  return ports;
}

}  // namespace iotscope
