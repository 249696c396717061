// Connections end by packet time only: inactivity, unanswered SYNs, and the linger after a close.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

TEST(Timeouts, UdpEndsAfterAMinuteOfSilence) {
  Recorder r;
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30)
    << udp(at(59.9), "10.0.0.1", 5000, "10.0.0.2", 53, 30);
  r.table.expire(at(119.8));
  EXPECT_TRUE(r.connections.empty());
  r << udp(at(120.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30);
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].orig_pkts, 2u);
  EXPECT_EQ(r.connections[0].close_reason, CloseReason::timeout);
  EXPECT_EQ(r.table.tracked(), 1u);
}

TEST(Timeouts, ADrivenTableEndsTimedOutConnectionsOnlyWhenItsDriverSweeps) {
  FlowTableConfig config;
  config.full_sweeps = false;  // as the capture's workers run it
  Recorder r(config);
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30);
  // Other traffic long after the first connection's minute ran out: no record leaves the table
  // between its driver's sweeps (a table sweeping itself checks one record per packet).
  for (int i = 0; i < 20; ++i) r << udp(at(100.0 + i), "10.0.0.3", 6000, "10.0.0.2", 123, 48);
  EXPECT_TRUE(r.connections.empty());
  r.table.expire(at(130.0));
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].orig.port, 5000);
  EXPECT_EQ(r.connections[0].close_reason, CloseReason::timeout);
  EXPECT_EQ(r.connections[0].close_ns, at(60.0));  // when its timer ran out, not the sweep
}

TEST(Timeouts, SweepsEndConnectionsAtDeadlinesThatMovedLaterOrEarlier) {
  FlowTableConfig config;
  config.full_sweeps = false;  // only the sweeps below
  Recorder r(config);
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30) << c2s(0.0, S, 1000, 0)
    << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001)
    << udp(at(50.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30);
  r.table.expire(at(70.0));
  EXPECT_TRUE(r.connections.empty());  // the UDP minute ran to 60 s, then was pushed to 110 s
  // TCP: five minutes of inactivity, cut to five seconds by the close.
  r << c2s(100.0, FA, 1001, 5001) << s2c(100.1, FA, 5001, 1002) << c2s(100.2, A, 1002, 5002);
  r.table.expire(at(106.0));
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].transport, Transport::tcp);
  EXPECT_EQ(r.connections[0].close_reason, CloseReason::closed);
  EXPECT_EQ(r.connections[0].close_ns, at(105.1));  // five seconds after the second FIN
  r.table.expire(at(110.0));
  ASSERT_EQ(r.connections.size(), 2u);
  EXPECT_EQ(r.connections[1].transport, Transport::udp);
  EXPECT_EQ(r.connections[1].close_ns, at(110.0));
}

// The end of input for tables whose connections are handed on sorted: the same connections, close
// reasons and close times as flush_all(), in the order of (close time, start, uid, addresses,
// ports, protocol), those whose timers ran out at their deadlines among the rest.
TEST(Timeouts, FlushAllInOrderEndsWhatFlushAllEndsInHandOnOrder) {
  const auto feed = [](Recorder& r) {
    r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 30);  // timed out at 60 s
    r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001);
    r << udp(at(40.0), "10.0.0.9", 5001, "10.0.0.2", 53, 30);         // open: ends at the end
    r << c2s(50.0, FA, 1001, 5001) << s2c(50.1, FA, 5001, 1002);      // closed at 55.1 s
    r << tcp(at(95.0), "10.0.0.7", 41000, "10.0.0.2", 22, S, 77, 0);  // attempt ends at 100 s
    r << tcp(at(95.0), "10.0.0.5", 41000, "10.0.0.2", 22, S, 78, 0);  // the same, lower address
    r << udp(at(99.0), "10.0.0.3", 6000, "10.0.0.2", 123, 48);
    r << udp(at(100.0), "10.0.0.4", 6000, "10.0.0.2", 123, 48);  // the last packet: now
  };
  FlowTableConfig config;
  config.full_sweeps = false;
  Recorder plain(config);
  feed(plain);
  plain.table.flush_all();
  Recorder ordered(config);
  feed(ordered);
  std::size_t calls = 0;
  ordered.table.flush_all_in_order([&] { ++calls; });
  ASSERT_EQ(ordered.connections.size(), 7u);
  EXPECT_EQ(calls, 7u);

  const auto key = [](const Connection& c) {
    return std::make_tuple(c.close_ns, c.start_ns, c.uid, c.orig.ip, c.orig.port, c.resp.ip,
                           c.resp.port, c.ip_protocol);
  };
  std::vector<Connection> expected = plain.connections;
  std::sort(expected.begin(), expected.end(),
            [&](const Connection& a, const Connection& b) { return key(a) < key(b); });
  ASSERT_EQ(ordered.connections.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Connection& got = ordered.connections[i];
    EXPECT_EQ(key(got), key(expected[i])) << i;
    EXPECT_EQ(got.close_reason, expected[i].close_reason) << i;
    EXPECT_EQ(got.state, expected[i].state) << i;
    EXPECT_EQ(got.history.view(), expected[i].history.view()) << i;
  }
  EXPECT_EQ(ordered.connections[0].close_ns, at(55.1));
  EXPECT_EQ(ordered.connections[0].close_reason, CloseReason::closed);
  EXPECT_EQ(ordered.connections[1].close_ns, at(60.0));
  EXPECT_EQ(ordered.connections[1].close_reason, CloseReason::timeout);
  // The minute of the UDP flow from 40 s and both attempts run out at 100 s, the time of the last
  // packet, when the open ones end too: they sort among those by start time, then uid.
  for (std::size_t i = 2; i < 7; ++i) EXPECT_EQ(ordered.connections[i].close_ns, at(100.0)) << i;
  EXPECT_EQ(ordered.connections[2].orig.port, 5001);  // started at 40 s
  EXPECT_EQ(ordered.connections[2].close_reason, CloseReason::timeout);
  EXPECT_EQ(ordered.connections[3].resp.port, 22);
  EXPECT_EQ(ordered.connections[3].close_reason, CloseReason::timeout);
  EXPECT_EQ(ordered.connections[5].orig.ip, *IpAddress::parse("10.0.0.3"));
  EXPECT_EQ(ordered.connections[5].close_reason, CloseReason::flushed);
  EXPECT_EQ(ordered.connections[6].orig.ip, *IpAddress::parse("10.0.0.4"));
}

TEST(Timeouts, TcpEndsAfterFiveMinutesOfSilence) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001)
    << c2s(299.0, PA, 1001, 5001, 10);
  EXPECT_TRUE(r.connections.empty());
  r << c2s(600.0, PA, 1011, 5001, 10);
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].state, ZeekConnState::S1);
  EXPECT_EQ(r.connections[0].orig_pkts, 3u);
  r.table.flush_all();
  ASSERT_EQ(r.connections.size(), 2u);
  EXPECT_EQ(r.connections[1].history.view(), "D");
  EXPECT_EQ(r.connections[1].close_reason, CloseReason::flushed);
}

TEST(Timeouts, UnansweredSynEndsFiveSecondsAfterIt) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << c2s(3.0, S, 1000, 0);
  r.table.expire(at(4.9));
  EXPECT_TRUE(r.connections.empty());
  r.table.expire(at(5.0));
  ASSERT_EQ(r.connections.size(), 1u);
  EXPECT_EQ(r.connections[0].state, ZeekConnState::S0);
  EXPECT_EQ(r.connections[0].history.view(), "S");
  EXPECT_EQ(r.connections[0].orig_pkts, 2u);
  EXPECT_EQ(r.table.tracked(), 0u);
}

TEST(Timeouts, AnsweredSynOutlivesTheAttemptDelay) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << s2c(1.0, SA, 5000, 1001) << c2s(8.0, A, 1001, 5001);
  const Connection& c = r.only();
  EXPECT_EQ(c.history.view(), "ShA");
  EXPECT_EQ(c.state, ZeekConnState::S1);
}

TEST(Timeouts, StragglersJoinForFiveSecondsAfterTheClose) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001)
    << c2s(1.0, FA, 1001, 5001) << s2c(1.1, FA, 5001, 1002) << c2s(4.0, A, 1002, 5002);
  EXPECT_TRUE(r.connections.empty());
  r << c2s(6.2, A, 1002, 5002);
  ASSERT_EQ(r.connections.size(), 1u);
  const Connection& c = r.connections[0];
  EXPECT_EQ(c.state, ZeekConnState::SF);
  EXPECT_EQ(c.close_reason, CloseReason::closed);
  EXPECT_EQ(c.orig_pkts, 4u);
  EXPECT_EQ(c.duration_ns(), at(1.1));
  EXPECT_EQ(r.table.tracked(), 1u);
}

TEST(Timeouts, NewSynAfterResetStartsANewConnection) {
  Recorder r;
  r << c2s(0.0, S, 1000, 0) << s2c(0.05, RA, 0, 1001) << c2s(0.5, S, 1000, 0)
    << s2c(0.55, RA, 0, 1001);
  r.table.flush_all();
  ASSERT_EQ(r.connections.size(), 2u);
  EXPECT_EQ(r.connections[0].close_reason, CloseReason::reused);
  for (const Connection& c : r.connections) {
    EXPECT_EQ(c.state, ZeekConnState::REJ);
    EXPECT_EQ(c.history.view(), "Sr");
  }
}

TEST(Timeouts, WallClockPlaysNoPart) {
  // Timestamps decades apart in the past still expire purely by their differences.
  Recorder r;
  r << udp(at(1.0e9), "10.0.0.1", 5000, "10.0.0.2", 53, 30)
    << udp(at(1.0e9 + 30), "10.0.0.1", 5000, "10.0.0.2", 53, 30);
  EXPECT_TRUE(r.connections.empty());
  EXPECT_EQ(r.table.tracked(), 1u);
}

}  // namespace
}  // namespace iotscope::flows_test
