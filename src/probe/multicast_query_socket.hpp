#pragma once
// A UDP socket for asking the local segment (SSDP, mDNS): bound to one interface's IPv4
// address, multicast leaves through that interface only with TTL 1 (never routed), and our own
// datagrams are not looped back. Answers arrive unicast to its ephemeral port.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "model/ip_address.hpp"
#include "payload/byte_reader.hpp"

namespace iotscope {

class MulticastQuerySocket {
 public:
  // Throws std::runtime_error naming the interface when it has no IPv4 address or a socket
  // option fails.
  explicit MulticastQuerySocket(const std::string& interface_name);
  MulticastQuerySocket(const MulticastQuerySocket&) = delete;
  MulticastQuerySocket& operator=(const MulticastQuerySocket&) = delete;
  ~MulticastQuerySocket();

  // Sends to a multicast group only (the socket's TTL 1 keeps it on the segment); throws
  // std::invalid_argument for a unicast address.
  void send_to_group(const IpAddress& group, std::uint16_t port, ByteSpan datagram) const;

  using OnDatagram = std::function<void(const IpAddress& from, std::uint16_t port, ByteSpan)>;
  // Hands every datagram that arrives before `deadline` to `on_datagram`.
  void receive_until(std::chrono::steady_clock::time_point deadline,
                     const OnDatagram& on_datagram) const;

  const IpAddress& local_address() const { return local_; }

 private:
  int fd_ = -1;
  IpAddress local_;
};

}  // namespace iotscope
