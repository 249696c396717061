#include "analyses/device_graph.hpp"

#include <gtest/gtest.h>

#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

const SankeyLink* link(const std::vector<SankeyLink>& links, const std::string& source,
                       const std::string& target) {
  for (const auto& l : links) {
    if (l.source == source && l.target == target) return &l;
  }
  return nullptr;
}

struct GraphFixture : ::testing::Test {
  std::vector<DeviceRecord> records{record(dev(1), "Amazon", DeviceType::voice_assistant),
                                    record(dev(2), "Amazon", DeviceType::voice_assistant),
                                    record(dev(3), "Google", DeviceType::media_tv, "Living TV")};
  Summaries s;
  AnalysisConfig config;

  void SetUp() override {
    config.sankey_top_ports = 1;
    config.sankey_top_remote_ports = 2;
    // Two Amazon devices share local port 55444; remote ports 55444 (10), 40000 (5),
    // 40001 (3), 40002 (1): the last two fold into rport:other.
    s.edges.push_back(
        edge(dev(1), 55444, 55444, Transport::tcp, PeerScope::local_device, 2, 6, 600));
    s.edges.push_back(
        edge(dev(2), 55444, 55444, Transport::tcp, PeerScope::local_device, 1, 4, 400));
    s.edges.push_back(
        edge(dev(1), 55444, 40000, Transport::tcp, PeerScope::local_device, 3, 5, 500));
    s.edges.push_back(
        edge(dev(1), 55444, 40001, Transport::tcp, PeerScope::local_device, 3, 3, 300));
    s.edges.push_back(
        edge(dev(2), 55444, 40002, Transport::tcp, PeerScope::local_unknown, 0, 1, 100));
    // A smaller local port: cut by sankey_top_ports = 1.
    s.edges.push_back(
        edge(dev(3), 8009, 41000, Transport::tcp, PeerScope::local_device, 1, 2, 200));
    // Discovery and external traffic never enter the local graph.
    s.edges.push_back(
        edge(dev(3), 5353, 5353, Transport::udp, PeerScope::multicast_broadcast, 0, 50));
    s.edges.push_back(edge(dev(3), 50000, 443, Transport::tcp, PeerScope::external, 0, 7, 7000));
  }
};

TEST_F(GraphFixture, LocalSankeyFoldsRemotePortsBeyondTopN) {
  const DeviceLookup directory(records);
  const auto graph = build_device_graph(s, directory, config);
  const auto& links = graph.local_sankey;
  const auto* device = link(links, "device:Amazon voice_assistant", "lport:55444");
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(device->flows, 19u);  // both Amazon devices under one label
  EXPECT_EQ(device->bytes, 1900u);
  ASSERT_NE(link(links, "lport:55444", "rport:55444"), nullptr);
  EXPECT_EQ(link(links, "lport:55444", "rport:55444")->flows, 10u);
  EXPECT_EQ(link(links, "lport:55444", "rport:40000")->flows, 5u);
  ASSERT_NE(link(links, "lport:55444", "rport:other"), nullptr);
  EXPECT_EQ(link(links, "lport:55444", "rport:other")->flows, 4u);
  EXPECT_EQ(link(links, "lport:55444", "rport:40001"), nullptr);
  EXPECT_EQ(link(links, "rport:55444", "peer:Amazon voice_assistant")->flows, 10u);
  EXPECT_EQ(link(links, "rport:other", "peer:Living TV")->flows, 3u);
  EXPECT_EQ(link(links, "rport:other", "peer:unknown local host")->flows, 1u);
  EXPECT_EQ(link(links, "device:Living TV", "lport:8009"), nullptr);
  // Stage order: device links first, heaviest first within a stage.
  EXPECT_EQ(links.front().source, "device:Amazon voice_assistant");
  EXPECT_EQ(links[1].target, "rport:55444");
  EXPECT_NE(graph.caps.find("top 1 of 2 device local ports"), std::string::npos) << graph.caps;
}

TEST_F(GraphFixture, EdgesAreLocalOnlyAndSorted) {
  const DeviceLookup directory(records);
  const auto graph = build_device_graph(s, directory, config);
  ASSERT_EQ(graph.edges.size(), 6u);
  EXPECT_EQ(graph.edges[0].device, dev(1));
  EXPECT_EQ(graph.edges[0].remote_port, 40000);
  EXPECT_EQ(graph.edges[5].device, dev(3));
  EXPECT_EQ(graph.edges[5].local_port, 8009);
  EXPECT_EQ(graph.edges[3].remote_port, 40002);
  EXPECT_EQ(graph.edges[3].peer_device, 0u);
}

TEST_F(GraphFixture, ExternalSankeyHasNoPeerStage) {
  const DeviceLookup directory(records);
  const auto graph = build_device_graph(s, directory, config);
  ASSERT_EQ(graph.external_sankey.size(), 2u);
  EXPECT_EQ(graph.external_sankey[0].source, "device:Living TV");
  EXPECT_EQ(graph.external_sankey[0].target, "lport:50000");
  EXPECT_EQ(graph.external_sankey[1].target, "rport:443");
  EXPECT_EQ(graph.external_sankey[1].flows, 7u);
}

TEST_F(GraphFixture, PerPortChartsBreakDownRemotePortsDevicesAndPeers) {
  const DeviceLookup directory(records);
  config.per_port_charts = 1;
  const auto graph = build_device_graph(s, directory, config);
  ASSERT_EQ(graph.per_port.size(), 2u);
  const auto& local = graph.per_port[0];
  EXPECT_EQ(local.scope, "local");
  EXPECT_EQ(local.port, 55444);
  EXPECT_EQ(local.flows, 19u);
  ASSERT_EQ(local.remote_ports.size(), 3u);
  EXPECT_EQ(local.remote_ports[0].key, "55444");
  EXPECT_EQ(local.remote_ports[1].key, "40000");
  EXPECT_EQ(local.remote_ports[2].key, "other");
  EXPECT_EQ(local.remote_ports[2].flows, 4u);
  ASSERT_EQ(local.device_labels.size(), 1u);
  EXPECT_EQ(local.device_labels[0].key, "Amazon voice_assistant");
  ASSERT_EQ(local.peer_labels.size(), 3u);
  EXPECT_EQ(local.peer_labels[0].key, "Amazon voice_assistant");
  EXPECT_EQ(local.peer_labels[0].flows, 10u);
  EXPECT_EQ(local.peer_labels[1].key, "Living TV");
  EXPECT_EQ(graph.per_port[1].scope, "external");
  EXPECT_EQ(graph.per_port[1].port, 50000);
  EXPECT_TRUE(graph.per_port[1].peer_labels.empty());
}

}  // namespace
}  // namespace iotscope

namespace iotscope {
namespace {

TEST(DeviceGraph, FoldedPortZeroIsNamedEphemeralAndGetsNoChart) {
  Summaries s;
  s.edges.push_back(
      test::edge(test::dev(1), 0, 8009, Transport::tcp, PeerScope::local_device, 2, 9, 900));
  const DeviceLookup lookup({});
  const auto graph = build_device_graph(s, lookup, AnalysisConfig{});
  ASSERT_EQ(graph.local_sankey.size(), 3u);
  EXPECT_EQ(graph.local_sankey[0].source, "device:unknown device");
  EXPECT_EQ(graph.local_sankey[0].target, "lport:ephemeral");
  EXPECT_EQ(graph.local_sankey[1].target, "rport:8009");
  EXPECT_EQ(graph.local_sankey[2].target, "peer:unknown device");
  EXPECT_TRUE(graph.per_port.empty());
}

}  // namespace
}  // namespace iotscope
