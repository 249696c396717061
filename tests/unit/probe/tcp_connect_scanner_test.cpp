#include "probe/tcp_connect_scanner.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "scanner_test_support.hpp"

namespace iotscope {
namespace {

using probe_test::closed_port;
using probe_test::ip;
using probe_test::Listener;
using probe_test::quick_settings;

TEST(TcpConnectScanner, FindsOpenAndClosedLoopbackPortsExactly) {
  probe_test::expect_open_and_closed<TcpConnectScanner>("127.0.0.1", "conn-refused");
}

TEST(TcpConnectScanner, ScansIpv6Loopback) {
  probe_test::expect_open_and_closed<TcpConnectScanner>("::1", "conn-refused");
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
  if (!probe_test::running_as_root()) GTEST_SKIP() << "needs root for a network namespace";
  probe_test::expect_dropped_and_unroutable<TcpConnectScanner>("iots-scan-drop");
}

}  // namespace
}  // namespace iotscope
