#include "engine/selecting_engine.hpp"

#include <gtest/gtest.h>

#include "engine/embedded_engine.hpp"

namespace iotscope {
namespace {

FlowRecord flow(std::uint64_t home, std::uint64_t device, std::uint16_t local_port, double ts) {
  FlowRecord f;
  f.device = {home, device};
  f.device_port = local_port;
  f.remote_ip = *IpAddress::parse("52.1.1.1");
  f.remote_port = 443;
  f.transport = Transport::tcp;
  f.scope = PeerScope::external;
  f.initiator = Initiator::device;
  f.first_ts = ts;
  f.last_ts = ts + 5;
  f.bytes_out = 100;
  f.windows = 1;
  return f;
}

std::vector<FlowRecord> three_homes() {
  std::vector<FlowRecord> flows;
  for (std::uint64_t home = 1; home <= 3; ++home) {
    for (int i = 0; i < 10; ++i) {
      flows.push_back(flow(home, 10 * home, static_cast<std::uint16_t>(40000 + i), 100.0 * i));
    }
  }
  return flows;
}

Summaries run(Engine& engine, const std::vector<FlowRecord>& flows) {
  auto aggregator = engine.make_aggregator();
  for (const auto& f : flows) aggregator->add(f);
  for (std::uint64_t home = 1; home <= 3; ++home) aggregator->home_complete(home);
  engine.absorb(std::move(aggregator));
  return engine.summarize();
}

TEST(SelectingEngine, PassesOnOnlyTheSelectedHomesAndStartTimes) {
  FlowSelection selection;
  selection.homes = {1, 3};
  selection.from_ts = 200;
  selection.until_ts = 500;  // flows at 200, 300, 400 of homes 1 and 3

  EmbeddedEngine inner(EngineConfig{}, 1);
  SelectingEngine selecting(inner, selection);
  const Summaries selected = run(selecting, three_homes());

  std::vector<FlowRecord> expected_flows;
  for (const auto& f : three_homes()) {
    if (selection.keeps(f)) expected_flows.push_back(f);
  }
  ASSERT_EQ(expected_flows.size(), 6U);
  EmbeddedEngine reference_engine(EngineConfig{}, 1);
  const Summaries expected = run(reference_engine, expected_flows);

  EXPECT_EQ(selected.flows, 6U);
  ASSERT_EQ(selected.devices.size(), 2U);
  EXPECT_EQ(selected.devices[0].device, (DeviceKey{1, 10}));
  EXPECT_EQ(selected.devices[1].device, (DeviceKey{3, 30}));
  ASSERT_EQ(selected.remote_ports.size(), expected.remote_ports.size());
  for (std::size_t i = 0; i < selected.remote_ports.size(); ++i) {
    EXPECT_EQ(selected.remote_ports[i].device, expected.remote_ports[i].device);
    EXPECT_EQ(selected.remote_ports[i].totals.flows, expected.remote_ports[i].totals.flows);
    EXPECT_EQ(selected.remote_ports[i].totals.first_ts, 200);
  }
}

TEST(FlowSelection, KeepsHomesAndHalfOpenTimeRanges) {
  FlowSelection selection;
  EXPECT_TRUE(selection.everything());
  EXPECT_TRUE(selection.keeps(flow(9, 1, 1, -5)));
  selection.homes = {2, 7};
  selection.from_ts = 10;
  selection.until_ts = 20;
  EXPECT_FALSE(selection.everything());
  EXPECT_TRUE(selection.keeps(flow(7, 1, 1, 10)));
  EXPECT_FALSE(selection.keeps(flow(7, 1, 1, 20)));  // until is exclusive
  EXPECT_FALSE(selection.keeps(flow(7, 1, 1, 9.999)));
  EXPECT_FALSE(selection.keeps(flow(3, 1, 1, 15)));
  EXPECT_TRUE(selection.keeps_home(2));
}

}  // namespace
}  // namespace iotscope
