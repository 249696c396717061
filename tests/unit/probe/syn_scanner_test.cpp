#include "probe/syn_scanner.hpp"

#include <arpa/inet.h>
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

std::uint16_t bound_port(const ScanSocket& socket) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  return ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                          : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
}

// A socket bound to an ephemeral loopback port; listening when `listen` is set.
ScanSocket loopback_socket(const char* address, bool listen) {
  const IpAddress loopback = ip(address);
  ScanSocket socket(::socket(loopback.is_v4() ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const SocketAddress bind_to = SocketAddress::of(loopback, 0);
  if (::bind(socket.get(), bind_to.get(), bind_to.length) != 0 ||
      (listen && ::listen(socket.get(), 16) != 0)) {
    throw std::runtime_error("cannot bind on loopback");
  }
  return socket;
}

ProbeSettings quick_settings() {
  ProbeSettings settings;
  settings.connect_timeout = 200ms;
  settings.retries = 1;
  settings.max_probes_per_second = 2000;
  return settings;
}

void expect_open_and_closed(const char* address) {
  const ScanSocket open1 = loopback_socket(address, true);
  const ScanSocket open2 = loopback_socket(address, true);
  std::uint16_t closed = 0;
  {
    const ScanSocket released = loopback_socket(address, false);
    closed = bound_port(released);
  }
  const SynScanner scanner(TargetSet::parse(address, false), quick_settings());
  std::size_t finished = 0;
  const auto offers = scanner.scan({ip(address)},
                                   {{bound_port(open1), Transport::tcp},
                                    {closed, Transport::tcp},
                                    {bound_port(open2), Transport::tcp}},
                                   [&](std::size_t done, std::size_t) { finished = done; });
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(finished, 3u);
  EXPECT_EQ(offers[0].port, bound_port(open1));
  EXPECT_EQ(offers[0].state, PortState::open);
  EXPECT_EQ(offers[0].reason, "syn-ack");
  EXPECT_EQ(offers[1].port, closed);
  EXPECT_EQ(offers[1].state, PortState::closed);
  EXPECT_EQ(offers[1].reason, "reset");
  EXPECT_EQ(offers[2].state, PortState::open);
  for (const auto& offer : offers) EXPECT_EQ(offer.address, ip(address));
}

TEST(SynScanner, FindsOpenAndClosedIpv4LoopbackPorts) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  expect_open_and_closed("127.0.0.1");
}

TEST(SynScanner, FindsOpenAndClosedIpv6LoopbackPorts) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  expect_open_and_closed("::1");
}

TEST(SynScanner, RefusesAnAddressOutsideTheTargets) {
  const SynScanner scanner(TargetSet::parse("127.0.0.1", false), quick_settings());
  EXPECT_THROW(scanner.scan({ip("127.0.0.9")}, {{80, Transport::tcp}}), std::invalid_argument);
}

TEST(SynScanner, DroppedSynsAreFilteredAfterRetries) {
  if (!syn_scan_available()) GTEST_SKIP() << "needs root or CAP_NET_RAW";
  const scan_test::TestNamespace ns(
      "iots-scan-syndrop", {"nft add table inet scan",
                            "nft add chain inet scan in { type filter hook input priority 0 \\; }",
                            "nft add rule inet scan in tcp dport 9 drop"});
  ns.run_inside([] {
    const SynScanner scanner(TargetSet::parse("127.0.0.1", false), quick_settings());
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
    // Inside the namespace nothing routes to 10.77.0.0/16: no SYN can go out at all.
    const SynScanner unroutable_scanner(TargetSet::parse("10.77.0.1", false), quick_settings());
    const auto unroutable = unroutable_scanner.scan({ip("10.77.0.1")}, {{80, Transport::tcp}});
    ASSERT_EQ(unroutable.size(), 1u);
    EXPECT_EQ(unroutable[0].state, PortState::filtered);
    EXPECT_EQ(unroutable[0].reason, "net-unreach");
  });
}

}  // namespace
}  // namespace iotscope
