// TCP bytes come from sequence numbers: retransmissions count once, holes count as missed.
#include <gtest/gtest.h>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

TEST(ByteCounting, RetransmissionCountsOnceAndLeavesT) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, PA, 1001, 5001, 100) << c2s(0.5, PA, 1001, 5001, 100) << s2c(0.6, A, 5001, 1101);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig_bytes, 100u);
  EXPECT_EQ(c.orig_pkts, 4u);
  EXPECT_EQ(c.orig_ip_bytes, 40u * 4 + 200u);
  EXPECT_EQ(c.orig_payload_pkts, 2u);
  EXPECT_EQ(c.missed_bytes, 0u);
  EXPECT_EQ(c.history.view(), "ShADTa");
}

TEST(ByteCounting, RetransmissionLetterRepeatsLogarithmically) {
  for (const auto& [count, expected] : std::vector<std::pair<int, std::string_view>>{
           {9, "ShADT"}, {10, "ShADTT"}, {100, "ShADTTT"}}) {
    Recorder r;
    handshake(r);
    r << c2s(0.3, PA, 1001, 5001, 10);
    for (int i = 0; i < count; ++i) r << c2s(0.4 + i * 0.001, PA, 1001, 5001, 10);
    const Connection& c = r.only();
    EXPECT_EQ(c.history.view(), expected) << count << " retransmissions";
    EXPECT_EQ(c.orig_bytes, 10u);
  }
}

TEST(ByteCounting, AckedHoleIsMissedAndCounted) {
  Recorder r;
  handshake(r);
  // 100 bytes, then 100 bytes never captured, then 100 more; the server acks all 300.
  r << c2s(0.3, PA, 1001, 5001, 100) << c2s(0.4, PA, 1201, 5001, 100) << s2c(0.5, A, 5001, 1301);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig_bytes, 300u);
  EXPECT_EQ(c.missed_bytes, 100u);
  EXPECT_EQ(c.history.view(), "ShADaG");
  EXPECT_EQ(r.table.stats().out_of_order_segments, 1u);
}

TEST(ByteCounting, ReorderedSegmentFillsTheHoleWithoutMissing) {
  Recorder r;
  handshake(r);
  r << c2s(0.3, PA, 1001, 5001, 100) << c2s(0.4, PA, 1201, 5001, 100)
    << c2s(0.41, PA, 1101, 5001, 100) << s2c(0.5, A, 5001, 1301);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig_bytes, 300u);
  EXPECT_EQ(c.missed_bytes, 0u);
  // The late segment lies below the highest sequence seen, so Zeek calls it a retransmission.
  EXPECT_EQ(c.history.view(), "ShADTa");
}

TEST(ByteCounting, DataAckedButNeverSeenIsMissed) {
  Recorder r;
  handshake(r);
  r << s2c(0.3, PA, 5001, 1001, 50) << c2s(0.4, A, 1001, 5551);
  const Connection& c = r.only();
  EXPECT_EQ(c.resp_bytes, 550u);
  EXPECT_EQ(c.missed_bytes, 500u);
  EXPECT_EQ(c.history.view(), "ShAdg");
}

TEST(ByteCounting, ZeroWindowLeavesW) {
  Recorder r;
  handshake(r);
  r << s2c(0.3, A, 5001, 1001, 0, 0);
  const Connection& c = r.only();
  EXPECT_EQ(c.history.view(), "ShAaw");
}

TEST(ByteCounting, SequenceWrapIsCountedAcrossZero) {
  Recorder r;
  const std::uint32_t isn = 0xFFFFFF00u;
  r << c2s(0.0, S, isn, 0) << s2c(0.1, SA, 5000, isn + 1) << c2s(0.2, A, isn + 1, 5001)
    << c2s(0.3, PA, isn + 1, 5001, 1000) << c2s(0.4, PA, isn + 1001, 5001, 1000)
    << s2c(0.5, A, 5001, isn + 2001);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig_bytes, 2000u);
  EXPECT_EQ(c.missed_bytes, 0u);
}

TEST(ByteCounting, UdpAndIcmpSumPayloadLengths) {
  Recorder r;
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 123, 48)
    << udp(at(0.1), "10.0.0.1", 5000, "10.0.0.2", 123, 48)
    << udp(at(0.2), "10.0.0.2", 123, "10.0.0.1", 5000, 48);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig_bytes, 96u);
  EXPECT_EQ(c.resp_bytes, 48u);
  EXPECT_EQ(c.orig_ip_bytes, 152u);
  EXPECT_EQ(c.history.view(), "Dd");
}

}  // namespace
}  // namespace iotscope::flows_test
