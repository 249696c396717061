#include "probe/tcp_connect_scanner.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "scan_test_namespace.hpp"

namespace iotscope {
namespace {

using namespace std::chrono_literals;

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

// A listening TCP socket on an ephemeral loopback port.
struct Listener {
  ScanSocket socket;
  std::uint16_t port = 0;

  explicit Listener(int family = AF_INET) {
    const IpAddress loopback = family == AF_INET ? ip("127.0.0.1") : ip("::1");
    socket = ScanSocket(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const SocketAddress bind_to = SocketAddress::of(loopback, 0);
    if (::bind(socket.get(), bind_to.get(), bind_to.length) != 0 ||
        ::listen(socket.get(), 64) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&bound), &length);
    port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                   : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  }
};

// A loopback port nothing listens on: bound, read, then released.
std::uint16_t closed_port(int family = AF_INET) {
  ScanSocket socket(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const SocketAddress bind_to =
      SocketAddress::of(family == AF_INET ? ip("127.0.0.1") : ip("::1"), 0);
  ::bind(socket.get(), bind_to.get(), bind_to.length);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  return ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                 : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
}

ProbeSettings quick_settings() {
  ProbeSettings settings;
  settings.connect_timeout = 200ms;
  settings.retries = 1;
  settings.max_probes_per_second = 2000;
  return settings;
}

TEST(TcpConnectScanner, FindsOpenAndClosedLoopbackPortsExactly) {
  const Listener a;
  const Listener b;
  const std::uint16_t closed1 = closed_port();
  const std::uint16_t closed2 = closed_port();
  const TcpConnectScanner scanner(TargetSet::parse("127.0.0.1", false), quick_settings());
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  const auto offers = scanner.scan({ip("127.0.0.1")},
                                   {{a.port, Transport::tcp},
                                    {closed1, Transport::tcp},
                                    {53, Transport::udp},
                                    {b.port, Transport::tcp},
                                    {closed2, Transport::tcp}},
                                   [&](std::size_t done, std::size_t total) {
                                     EXPECT_EQ(done, last_done + 1);
                                     last_done = done;
                                     last_total = total;
                                   });
  ASSERT_EQ(offers.size(), 4u);  // the UDP port is not this scanner's
  EXPECT_EQ(last_done, 4u);
  EXPECT_EQ(last_total, 4u);
  const std::vector<std::pair<std::uint16_t, PortState>> expected = {{a.port, PortState::open},
                                                                     {closed1, PortState::closed},
                                                                     {b.port, PortState::open},
                                                                     {closed2, PortState::closed}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(offers[i].address, ip("127.0.0.1"));
    EXPECT_EQ(offers[i].port, expected[i].first);
    EXPECT_EQ(offers[i].transport, Transport::tcp);
    EXPECT_EQ(offers[i].state, expected[i].second) << offers[i].port;
    EXPECT_EQ(offers[i].reason, expected[i].second == PortState::open ? "syn-ack" : "conn-refused");
    EXPECT_GT(offers[i].ts, 1.6e9);
  }
}

TEST(TcpConnectScanner, ScansIpv6Loopback) {
  const Listener open(AF_INET6);
  const std::uint16_t closed = closed_port(AF_INET6);
  const TcpConnectScanner scanner(TargetSet::parse("::1", false), quick_settings());
  const auto offers =
      scanner.scan({ip("::1")}, {{open.port, Transport::tcp}, {closed, Transport::tcp}});
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].state, PortState::open);
  EXPECT_EQ(offers[1].state, PortState::closed);
}

TEST(TcpConnectScanner, ManyPortsAcrossTwoAddressesComeBackAddressMajor) {
  std::vector<Listener> listeners(5);
  std::vector<ProbePort> ports;
  for (const auto& l : listeners) ports.push_back({l.port, Transport::tcp});
  for (int i = 0; i < 5; ++i) ports.push_back({closed_port(), Transport::tcp});
  ProbeSettings settings = quick_settings();
  settings.max_in_flight = 3;  // forces queueing
  const TcpConnectScanner scanner(TargetSet::parse("127.0.0.1-2", false), settings);
  const auto offers = scanner.scan({ip("127.0.0.1"), ip("127.0.0.2")}, ports);
  ASSERT_EQ(offers.size(), 20u);
  for (std::size_t i = 0; i < offers.size(); ++i) {
    EXPECT_EQ(offers[i].address, ip(i < 10 ? "127.0.0.1" : "127.0.0.2"));
    EXPECT_EQ(offers[i].port, ports[i % 10].port);
    // The listeners are bound to 127.0.0.1 only, so 127.0.0.2 refuses every port.
    const bool open = i < 5;
    EXPECT_EQ(offers[i].state, open ? PortState::open : PortState::closed) << i;
  }
}

TEST(TcpConnectScanner, RefusesAnAddressOutsideTheTargetsBeforeSending) {
  const Listener listener;
  const TcpConnectScanner scanner(TargetSet::parse("127.0.0.1", false), quick_settings());
  std::size_t progress_calls = 0;
  try {
    scanner.scan({ip("127.0.0.1"), ip("127.0.0.2")}, {{listener.port, Transport::tcp}},
                 [&](std::size_t, std::size_t) { ++progress_calls; });
    FAIL() << "expected a refusal";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.2"), std::string::npos);
  }
  EXPECT_EQ(progress_calls, 0u);
  // Nothing connected: the listener's accept queue is empty.
  ::fcntl(listener.socket.get(), F_SETFL, O_NONBLOCK);
  EXPECT_LT(::accept(listener.socket.get(), nullptr, nullptr), 0);
}

TEST(TcpConnectScanner, DroppedSynsAreFilteredAfterRetries) {
  if (!scan_test::running_as_root()) GTEST_SKIP() << "needs root for a network namespace";
  const scan_test::TestNamespace ns(
      "iots-scan-drop", {"nft add table inet scan",
                         "nft add chain inet scan in { type filter hook input priority 0 \\; }",
                         "nft add rule inet scan in tcp dport 9 drop"});
  ns.run_inside([] {
    const TcpConnectScanner scanner(TargetSet::parse("127.0.0.1,10.77.0.1", false),
                                    quick_settings());
    const auto start = std::chrono::steady_clock::now();
    const auto offers = scanner.scan({ip("127.0.0.1")}, {{9, Transport::tcp}});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(offers.size(), 1u);
    EXPECT_EQ(offers[0].state, PortState::filtered);
    EXPECT_EQ(offers[0].reason, "no-response");
    EXPECT_GE(elapsed, 400ms);  // two attempts of 200 ms
    EXPECT_LT(elapsed, 2s);
    // Inside the namespace nothing routes to 10.77.0.0/16.
    const auto unroutable = scanner.scan({ip("10.77.0.1")}, {{80, Transport::tcp}});
    ASSERT_EQ(unroutable.size(), 1u);
    EXPECT_EQ(unroutable[0].state, PortState::filtered);
    EXPECT_EQ(unroutable[0].reason, "net-unreach");
  });
}

}  // namespace
}  // namespace iotscope
