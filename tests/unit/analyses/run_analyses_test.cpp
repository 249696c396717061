#include "analyses/run_analyses.hpp"

#include <gtest/gtest.h>

#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

// One home: a camera serving tcp/443 to the Internet, a TV client of 443, and a sweeping plug.
Summaries small_home() {
  Summaries s;
  s.local_ports.push_back(local_port(dev(1), 443, Transport::tcp, PeerScope::external, 12, 12, 6));
  for (std::uint16_t i = 0; i < 12; ++i) {
    s.edges.push_back(edge(dev(1), 443, static_cast<std::uint16_t>(50000 + i), Transport::tcp,
                           PeerScope::external, 0, 1));
  }
  s.remote_ports.push_back(remote_port(dev(2), 443, Transport::tcp, PeerScope::external, 4, 4, 2));
  s.scan_windows.push_back(sweep_window(dev(3), 120, 20, 15, 80));
  s.devices = {activity(dev(1), 0, 12), activity(dev(2), 0, 4), activity(dev(3), 15, 0)};
  return s;
}

TEST(RunAnalyses, WiresEveryAnalysis) {
  const std::vector<DeviceRecord> records{record(dev(1), "D-Link", DeviceType::camera),
                                          record(dev(2), "Vizio", DeviceType::media_tv),
                                          record(dev(3), "TP-Link", DeviceType::plug_switch)};
  const auto result = run_analyses(small_home(), records, {}, AnalysisConfig{});
  ASSERT_EQ(result.port_roles.size(), 2u);
  EXPECT_EQ(result.port_roles[0].role, Role::server);
  EXPECT_EQ(result.port_roles[1].role, Role::client);
  ASSERT_EQ(result.exposure.size(), 1u);
  EXPECT_EQ(result.exposure[0].kind, "inbound");
  ASSERT_EQ(result.scans.size(), 1u);
  EXPECT_EQ(result.scans[0].scanner, dev(3));
  ASSERT_EQ(result.candidates.size(), 2u);
  EXPECT_EQ(result.candidates[0].device, dev(3));
  EXPECT_EQ(result.candidates[1].device, dev(1));
  ASSERT_EQ(result.measurement.port_usage_external.size(), 1u);
  EXPECT_EQ(result.measurement.port_usage_external[0].devices, 2u);
  EXPECT_DOUBLE_EQ(result.measurement.port_usage_external[0].fraction, 1.0);
  EXPECT_EQ(result.encryption.size(), 1u);
  EXPECT_EQ(result.device_graph.external_sankey.front().source, "device:D-Link camera");
}

TEST(RunAnalyses, SameInputSameResult) {
  const auto a = run_analyses(small_home(), {}, {}, AnalysisConfig{});
  const auto b = run_analyses(small_home(), {}, {}, AnalysisConfig{});
  ASSERT_EQ(a.port_roles.size(), b.port_roles.size());
  for (std::size_t i = 0; i < a.port_roles.size(); ++i) {
    EXPECT_EQ(a.port_roles[i].device, b.port_roles[i].device);
    EXPECT_EQ(a.port_roles[i].port, b.port_roles[i].port);
    EXPECT_EQ(a.port_roles[i].confidence, b.port_roles[i].confidence);
  }
  EXPECT_EQ(a.device_graph.caps, b.device_graph.caps);
}

TEST(ResultNames, ToString) {
  EXPECT_EQ(to_string(Role::server), "server");
  EXPECT_EQ(to_string(Role::client), "client");
  EXPECT_EQ(to_string(Role::peer), "peer");
  EXPECT_EQ(to_string(Role::unknown), "unknown");
  EXPECT_EQ(to_string(PortSide::local), "local");
  EXPECT_EQ(to_string(PortSide::remote), "remote");
  EXPECT_EQ(to_string(ScanKind::host_sweep), "host_sweep");
  EXPECT_EQ(to_string(ScanKind::port_scan), "port_scan");
}

}  // namespace
}  // namespace iotscope
