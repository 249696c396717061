#include "sources/iotinspector/window_assembler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "dataset_test_support.hpp"

namespace iotscope::testing {
namespace {

FlowWindow window_at(double ts, std::uint64_t bytes_in = 1, std::uint16_t device_port = 5000) {
  FlowWindow w;
  w.device = DeviceKey{1, 2};
  w.remote_ip = IpAddress::v4(0x01020304);
  w.remote_port = 443;
  w.device_port = device_port;
  w.transport = Transport::tcp;
  w.ts = ts;
  w.bytes_in = bytes_in;
  w.bytes_out = 2 * bytes_in;
  w.packets_in = 1;
  w.home_id = "home";
  w.device_id = "dev";
  return w;
}

std::vector<std::string> assemble(const std::vector<FlowWindow>& windows, double gap = 60) {
  const DeviceDirectory directory;
  CollectingAggregator sink;
  WindowAssembler assembler(gap, directory, sink);
  for (const auto& w : windows) assembler.add(w, 0);
  assembler.finish();
  CollectingEngine sorter;
  sorter.flows = sink.flows;
  return describe_all(sorter.sorted_flows());
}

TEST(WindowAssembler, MergesWindowsAtMostGapApart) {
  const auto flows = assemble({window_at(0), window_at(60), window_at(121), window_at(181)});
  // 0 and 60 are exactly one gap apart (merged); 121 is 61 s later (new flow).
  ASSERT_EQ(flows.size(), 2U);
  EXPECT_NE(flows[0].find("ts=0..60 out=4 in=2"), std::string::npos) << flows[0];
  EXPECT_NE(flows[0].find("windows=2"), std::string::npos);
  EXPECT_NE(flows[1].find("ts=121..181 out=4 in=2"), std::string::npos) << flows[1];
}

TEST(WindowAssembler, AnyArrivalOrderGivesTheSameFlows) {
  // Includes a window (50) that bridges two otherwise separate flows, and a known initiator and
  // hostname that are not on the first window to arrive.
  std::vector<FlowWindow> windows = {window_at(0, 1),   window_at(100, 2),  window_at(50, 4),
                                     window_at(300, 8), window_at(330, 16), window_at(500, 32)};
  windows[1].initiator = Initiator::remote;
  windows[2].initiator = Initiator::device;
  windows[4].remote_hostname = "later.example";
  windows[3].remote_hostname = "first.example";
  std::vector<std::size_t> order(windows.size());
  std::iota(order.begin(), order.end(), 0);
  const auto reference = assemble(windows);
  ASSERT_EQ(reference.size(), 3U);
  EXPECT_NE(reference[0].find("ts=0..100 out=14 in=7"), std::string::npos) << reference[0];
  EXPECT_NE(reference[0].find("init=device"), std::string::npos) << reference[0];
  EXPECT_NE(reference[0].find("windows=3"), std::string::npos);
  EXPECT_NE(reference[1].find("ts=300..330 out=48 in=24"), std::string::npos) << reference[1];
  EXPECT_NE(reference[1].find("host='first.example'"), std::string::npos) << reference[1];
  EXPECT_NE(reference[2].find("ts=500..500"), std::string::npos);
  int permutations = 0;
  while (std::next_permutation(order.begin(), order.end())) {
    std::vector<FlowWindow> shuffled;
    for (const auto i : order) shuffled.push_back(windows[i]);
    ASSERT_EQ(assemble(shuffled), reference) << "permutation " << permutations;
    ++permutations;
  }
  EXPECT_EQ(permutations, 719);
}

TEST(WindowAssembler, IdleFlowsAreClosedAndLateWindowsCounted) {
  const DeviceDirectory directory;
  CollectingAggregator sink;
  WindowAssembler assembler(60, directory, sink);
  assembler.add(window_at(0, 1, 1), 0);
  assembler.add(window_at(3600 + 60 + 1, 1, 2), 0);  // another key of the same home, much later
  assembler.add(window_at(10, 1, 1), 1);  // late: the flow at 0 is closed, this starts a new one
  EXPECT_EQ(sink.flows.size(), 1U);       // the flow at 0 left when key 1 was touched again
  EXPECT_EQ(assembler.late_windows().at(1), 1U);
  EXPECT_FALSE(assembler.late_windows().contains(0));
  assembler.finish();
  ASSERT_EQ(sink.flows.size(), 3U);
  EXPECT_EQ(sink.flows[0].first_ts, 0);
  EXPECT_EQ(sink.flows[0].windows, 1U);
}

TEST(WindowAssembler, MemoryFollowsActiveKeysNotRows) {
  const DeviceDirectory directory;
  CollectingAggregator sink;
  WindowAssembler assembler(60, directory, sink);
  // 300000 one-window flows to distinct remotes, one per second: a sweep (every 2^18 windows)
  // closes all but the last hour or so of them.
  for (std::uint32_t i = 0; i < 300000; ++i) {
    FlowWindow w = window_at(i);
    w.remote_ip = IpAddress::v4(0x0A000000 + i);
    assembler.add(w, 0);
  }
  EXPECT_LT(assembler.open_keys(), 50000U);
  EXPECT_GT(sink.flows.size(), 250000U);
  assembler.finish();
  EXPECT_EQ(sink.flows.size(), 300000U);
  EXPECT_EQ(assembler.open_keys(), 0U);
}

TEST(WindowAssembler, HomesWhoseRowsEndedAreClosedOnceTheCapIsReached) {
  const DeviceDirectory directory;
  CollectingAggregator sink;
  // A cap of 100 open keys; homes come one after another, as in an export grouped by home.
  WindowAssembler assembler(60, directory, sink, kDefaultReorderSeconds, 100);
  for (std::uint64_t home = 1; home <= 50; ++home) {
    for (std::uint32_t key = 0; key < 10; ++key) {
      for (double ts = 0; ts < 300; ts += 30) {  // one flow of 10 windows per key
        FlowWindow w = window_at(ts);
        w.device = DeviceKey{home, 2};
        w.remote_ip = IpAddress::v4(0x0A000000 + key);
        assembler.add(w, 0);
      }
    }
    EXPECT_LE(assembler.open_keys(), 100U);
  }
  assembler.finish();
  ASSERT_EQ(sink.flows.size(), 500U);  // nothing split: every flow has all its windows
  EXPECT_TRUE(std::all_of(sink.flows.begin(), sink.flows.end(),
                          [](const FlowRecord& f) { return f.windows == 10; }));
  EXPECT_TRUE(assembler.late_windows().empty());
}

TEST(WindowAssembler, AWindowForAClosedHomeStartsANewFlowAndIsCountedLate) {
  const DeviceDirectory directory;
  CollectingAggregator sink;
  WindowAssembler assembler(60, directory, sink, kDefaultReorderSeconds, 4);
  FlowWindow first = window_at(0);
  first.device = DeviceKey{1, 2};
  assembler.add(first, 0);
  for (std::uint32_t key = 0; key < 8; ++key) {  // home 2 pushes home 1 out
    FlowWindow w = window_at(10);
    w.device = DeviceKey{2, 2};
    w.remote_ip = IpAddress::v4(0x0A000000 + key);
    assembler.add(w, 0);
  }
  FlowWindow again = window_at(30);
  again.device = DeviceKey{1, 2};
  assembler.add(again, 1);
  assembler.finish();
  EXPECT_EQ(assembler.late_windows().at(1), 1U);
  const auto home1 = std::count_if(sink.flows.begin(), sink.flows.end(),
                                   [](const FlowRecord& f) { return f.device.home == 1; });
  EXPECT_EQ(home1, 2);  // 0 and 30 would have been one flow
}

}  // namespace
}  // namespace iotscope::testing
