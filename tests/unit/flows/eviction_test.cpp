// A SYN flood cannot grow the table past its cap nor push out answered connections.
#include <gtest/gtest.h>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

TEST(Eviction, SynFloodStaysUnderTheCapAndEvictsHalfOpenConnections) {
  constexpr std::uint32_t kCap = 10'000;
  constexpr std::uint32_t kFlood = 1'000'000;
  constexpr std::uint32_t kReal = 100;
  FlowTableConfig config;
  config.max_connections = kCap;
  std::uint64_t emitted = 0;
  std::uint64_t emitted_s0 = 0;
  std::uint64_t emitted_evicted = 0;
  std::uint64_t real_survivors = 0;
  FlowTable table(config, [&](const Connection& c) {
    ++emitted;
    if (c.state == ZeekConnState::S0 && c.history.view() == "S") ++emitted_s0;
    if (c.close_reason == CloseReason::evicted) ++emitted_evicted;
    if (c.close_reason == CloseReason::flushed && c.state == ZeekConnState::S1) ++real_survivors;
  });

  // Real connections first, so they are the oldest in the table when the flood comes.
  for (std::uint32_t i = 0; i < kReal; ++i) {
    const auto port = static_cast<std::uint16_t>(30000 + i);
    table.process(tcp(at(0.0), "192.168.1.10", port, "10.0.0.2", 443, S, 1000, 0));
    table.process(tcp(at(0.001), "10.0.0.2", 443, "192.168.1.10", port, SA, 5000, 1001));
    table.process(tcp(at(0.002), "192.168.1.10", port, "10.0.0.2", 443, A, 1001, 5001));
  }
  std::uint32_t max_tracked = 0;
  DecodedPacket syn = tcp(at(0.01), "203.0.113.1", 1024, "192.168.1.20", 80, S, 7, 0);
  for (std::uint32_t i = 0; i < kFlood; ++i) {
    // Distinct spoofed sources, all within one second (no timer helps).
    syn.ts_ns = at(0.01) + i;
    syn.src_ip = IpAddress::v4(0xC6000000u + i);
    syn.src_port = static_cast<std::uint16_t>(1024 + i % 50000);
    table.process(syn);
    max_tracked = std::max(max_tracked, table.tracked());
  }
  EXPECT_LE(max_tracked, kCap);
  EXPECT_EQ(table.stats().max_tracked, kCap);
  const std::uint64_t expected_evictions = kFlood + kReal - kCap;
  EXPECT_EQ(table.stats().evictions, expected_evictions);
  EXPECT_EQ(table.stats().evicted_unanswered, expected_evictions);
  EXPECT_EQ(emitted_evicted, expected_evictions);
  EXPECT_EQ(emitted_s0, expected_evictions);
  EXPECT_EQ(emitted, expected_evictions);

  table.flush_all();
  EXPECT_EQ(real_survivors, kReal);
  EXPECT_EQ(emitted, std::uint64_t{kFlood} + kReal);
  EXPECT_EQ(table.tracked(), 0u);
}

TEST(Eviction, WithoutHalfOpenOnesTheLeastRecentlyActiveGoes) {
  FlowTableConfig config;
  config.max_connections = 2;
  Recorder r(config);
  // Two answered UDP exchanges; the first stays active, the second falls quiet.
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 10)
    << udp(at(0.1), "10.0.0.2", 53, "10.0.0.1", 5000, 10)
    << udp(at(0.2), "10.0.0.1", 5001, "10.0.0.2", 53, 10)
    << udp(at(0.3), "10.0.0.2", 53, "10.0.0.1", 5001, 10)
    << udp(at(0.4), "10.0.0.1", 5000, "10.0.0.2", 53, 10)
    << udp(at(0.5), "10.0.0.1", 5002, "10.0.0.2", 53, 10);
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].orig.port, 5001);
  EXPECT_EQ(r.connections[0].close_reason, CloseReason::evicted);
  EXPECT_EQ(r.table.tracked(), 2u);
}

}  // namespace
}  // namespace iotscope::flows_test
