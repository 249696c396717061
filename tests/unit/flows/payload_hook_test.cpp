// Payload inspection sees each direction's bytes once, in order, until it asks to stop.
#include <gtest/gtest.h>

#include <map>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

class RecordingHook : public PayloadHook {
 public:
  explicit RecordingHook(std::size_t enough_bytes = SIZE_MAX) : enough_bytes_(enough_bytes) {}

  std::uint32_t opened(const Connection& c) override {
    if (c.resp.port == 9) return kNoInspection;  // the discard port is not worth a look
    streams.emplace_back();
    return static_cast<std::uint32_t>(streams.size() - 1);
  }
  bool payload(std::uint32_t slot, const Connection&, bool from_originator,
               std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
               const DecodedPacket& packet) override {
    EXPECT_EQ(ts_ns, packet.ts_ns);
    ++calls;
    auto& stream = from_originator ? streams[slot].first : streams[slot].second;
    stream.insert(stream.end(), bytes.begin(), bytes.end());
    return streams[slot].first.size() + streams[slot].second.size() < enough_bytes_;
  }
  void closed(std::uint32_t slot, const Connection& c) override {
    closed_slots[slot] = std::string(c.history.view());
  }
  void prefetch(std::uint32_t slot) const override { ++prefetched[slot]; }

  std::vector<std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>>> streams;
  std::map<std::uint32_t, std::string> closed_slots;
  mutable std::map<std::uint32_t, int> prefetched;
  int calls = 0;

 private:
  std::size_t enough_bytes_;
};

std::vector<std::uint8_t> expected_stream(
    std::initializer_list<std::pair<std::size_t, std::size_t>> ranges) {
  std::vector<std::uint8_t> out;
  for (const auto& [begin, end] : ranges) {
    const auto bytes = pattern_bytes(begin, end - begin);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

TEST(PayloadHook, TcpBytesArriveOnceAndInOrder) {
  RecordingHook hook;
  Recorder r({}, &hook);
  r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001)
    << c2s(0.3, PA, 1001, 5001, 10)  // 1001..1011
    << c2s(0.4, PA, 1001, 5001, 10)  // retransmission: dropped
    << c2s(0.5, PA, 1006, 5001, 10)  // overlaps: only 1011..1016 is new
    << c2s(0.6, PA, 1031, 5001, 10)  // beyond a hole: dropped and counted
    << c2s(0.7, PA, 1016, 5001, 15)  // fills the hole up to 1031
    << c2s(0.8, PA, 1041, 5001, 5)   // continues after the range seen out of order
    << s2c(0.9, PA, 5001, 1046, 7);
  r.table.flush_all();
  ASSERT_EQ(hook.streams.size(), 1u);
  EXPECT_EQ(hook.streams[0].first, expected_stream({{1001, 1031}, {1041, 1046}}));
  EXPECT_EQ(hook.streams[0].second, expected_stream({{5001, 5008}}));
  EXPECT_EQ(hook.calls, 5);
  EXPECT_EQ(r.table.stats().out_of_order_segments, 1u);
  ASSERT_EQ(hook.closed_slots.count(0), 1u);
  EXPECT_EQ(hook.closed_slots[0], "ShADTd");
}

TEST(PayloadHook, FalseStopsFurtherCalls) {
  RecordingHook hook(1);
  Recorder r({}, &hook);
  r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, PA, 1001, 5001, 10)
    << s2c(0.3, PA, 5001, 1011, 10) << c2s(0.4, PA, 1011, 5011, 10);
  r.table.flush_all();
  EXPECT_EQ(hook.calls, 1);
  EXPECT_EQ(hook.closed_slots.size(), 1u);
}

TEST(PayloadHook, UdpDatagramsArriveWholeAndNoInspectionMeansNoCalls) {
  RecordingHook hook;
  Recorder r({}, &hook);
  r << udp(at(0.0), "10.0.0.1", 5000, "10.0.0.2", 53, 12)
    << udp(at(0.1), "10.0.0.2", 53, "10.0.0.1", 5000, 30)
    << udp(at(0.2), "10.0.0.1", 7000, "10.0.0.2", 9, 30);
  r.table.flush_all();
  ASSERT_EQ(hook.streams.size(), 1u);
  EXPECT_EQ(hook.streams[0].first.size(), 12u);
  EXPECT_EQ(hook.streams[0].second.size(), 30u);
  EXPECT_EQ(hook.calls, 2);
  EXPECT_EQ(hook.closed_slots.size(), 1u);
  EXPECT_EQ(r.connections.size(), 2u);
}

TEST(PayloadHook, FlippedConnectionReportsDirectionByRole) {
  RecordingHook hook;
  Recorder r({}, &hook);
  r << s2c(0.0, PA, 5001, 1001, 20) << c2s(0.1, PA, 1001, 5021, 4);
  r.table.flush_all();
  ASSERT_EQ(hook.streams.size(), 1u);
  EXPECT_EQ(hook.streams[0].first.size(), 4u);    // the client, the originator
  EXPECT_EQ(hook.streams[0].second.size(), 20u);  // the server on port 80
}

TEST(PayloadHook, ABatchHintsTheHookAheadOfPayloadItStillWants) {
  RecordingHook hook(25);  // wants 25 bytes, then no more
  Recorder r({}, &hook);
  handshake(r);
  std::vector<DecodedPacket> batch;
  for (std::uint32_t i = 0; i < 8; ++i)
    batch.push_back(c2s(0.3 + 0.01 * i, PA, 1001 + 10 * i, 5001, 10));
  r.table.process(batch);
  r.table.flush_all();
  EXPECT_EQ(hook.calls, 3);  // 30 bytes reach 25
  ASSERT_EQ(hook.streams.size(), 1u);
  EXPECT_EQ(hook.streams[0].first.size(), 30u);
  // Each packet hints the hook about the one two places ahead while the connection still wants
  // payload: three times before the hook had enough, never after.
  EXPECT_EQ(hook.prefetched[0], 3);
}

}  // namespace
}  // namespace iotscope::flows_test
