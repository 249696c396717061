#pragma once
// What the SYN, connect and UDP scanner tests share: loopback ports that are open or closed for
// sure, settings that keep a test short, and the checks both TCP scanners must pass alike.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/service_offer.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/scan_socket.hpp"
#include "probe/target_set.hpp"
#include "probe_test_addresses.hpp"
#include "test_network_namespace.hpp"

namespace iotscope::probe_test {

inline std::uint16_t bound_port(const ScanSocket& socket) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  return ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                          : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
}

// A TCP socket bound to an ephemeral port of `loopback`; listening when `listen` is set.
inline ScanSocket loopback_tcp_socket(const char* loopback, bool listen) {
  const IpAddress address = ip(loopback);
  ScanSocket socket(::socket(address.is_v4() ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const SocketAddress bind_to = SocketAddress::of(address, 0);
  if (::bind(socket.get(), bind_to.get(), bind_to.length) != 0 ||
      (listen && ::listen(socket.get(), 64) != 0)) {
    throw std::runtime_error(std::string("cannot bind on ") + loopback);
  }
  return socket;
}

// A listening TCP socket on an ephemeral loopback port.
struct Listener {
  explicit Listener(const char* loopback = "127.0.0.1")
      : socket(loopback_tcp_socket(loopback, true)), port(bound_port(socket)) {}

  ScanSocket socket;
  std::uint16_t port;
};

// A loopback port nothing listens on: bound, read, then released.
inline std::uint16_t closed_port(const char* loopback = "127.0.0.1") {
  return bound_port(loopback_tcp_socket(loopback, false));
}

// Short waits and a high rate, so retries and timeouts take a fraction of a second.
inline ProbeSettings quick_settings() {
  using namespace std::chrono_literals;
  ProbeSettings settings;
  settings.connect_timeout = 200ms;
  settings.udp_response_wait = 200ms;
  settings.retries = 1;
  settings.max_probes_per_second = 2000;
  return settings;
}

// Two open ports and one closed, with a UDP port in the list that a TCP scanner must skip: the
// offers come back in the list's order, with progress counted one by one.
template <class Scanner>
void expect_open_and_closed(const char* loopback, const std::string& closed_reason) {
  const Listener open1(loopback);
  const Listener open2(loopback);
  const std::uint16_t closed = closed_port(loopback);
  const Scanner scanner(TargetSet::parse(loopback, false), quick_settings());
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  const auto offers = scanner.scan({ip(loopback)},
                                   {{open1.port, Transport::tcp},
                                    {closed, Transport::tcp},
                                    {53, Transport::udp},
                                    {open2.port, Transport::tcp}},
                                   [&](std::size_t done, std::size_t total) {
                                     EXPECT_EQ(done, last_done + 1);
                                     last_done = done;
                                     last_total = total;
                                   });
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(last_done, 3u);
  EXPECT_EQ(last_total, 3u);
  const std::vector<std::uint16_t> ports = {open1.port, closed, open2.port};
  const std::vector<PortState> states = {PortState::open, PortState::closed, PortState::open};
  for (std::size_t i = 0; i < offers.size(); ++i) {
    EXPECT_EQ(offers[i].address, ip(loopback));
    EXPECT_EQ(offers[i].port, ports[i]);
    EXPECT_EQ(offers[i].transport, Transport::tcp);
    EXPECT_EQ(offers[i].state, states[i]) << offers[i].port;
    EXPECT_EQ(offers[i].reason, states[i] == PortState::open ? "syn-ack" : closed_reason);
    EXPECT_GT(offers[i].ts, 1.6e9);
  }
}

// Inside a namespace of its own whose loopback drops TCP port 9: port 9 is filtered after both
// tries of 200 ms, port 10 is closed, and 10.77.0.1, to which nothing routes there, is
// unreachable without a packet sent. Needs root.
template <class Scanner>
void expect_dropped_and_unroutable(const std::string& namespace_name) {
  using namespace std::chrono_literals;
  const TestNamespace ns(namespace_name,
                         {"nft add table inet scan",
                          "nft add chain inet scan in { type filter hook input priority 0 \\; }",
                          "nft add rule inet scan in tcp dport 9 drop"});
  ns.run_inside([] {
    const Scanner scanner(TargetSet::parse("127.0.0.1,10.77.0.1", false), quick_settings());
    const auto start = std::chrono::steady_clock::now();
    const auto offers =
        scanner.scan({ip("127.0.0.1")}, {{9, Transport::tcp}, {10, Transport::tcp}});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(offers.size(), 2u);
    EXPECT_EQ(offers[0].state, PortState::filtered);
    EXPECT_EQ(offers[0].reason, "no-response");
    EXPECT_EQ(offers[1].state, PortState::closed);  // not dropped: the kernel resets it
    EXPECT_GE(elapsed, 400ms);
    EXPECT_LT(elapsed, 2s);
    const auto unroutable = scanner.scan({ip("10.77.0.1")}, {{80, Transport::tcp}});
    ASSERT_EQ(unroutable.size(), 1u);
    EXPECT_EQ(unroutable[0].state, PortState::filtered);
    EXPECT_EQ(unroutable[0].reason, "net-unreach");
  });
}

}  // namespace iotscope::probe_test
