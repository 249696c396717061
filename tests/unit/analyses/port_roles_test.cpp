#include "analyses/port_roles.hpp"

#include <gtest/gtest.h>

#include "analyses/evidence.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

const PortRole* find_role(const std::vector<PortRole>& roles, DeviceKey device, std::uint16_t port,
                          Role role) {
  for (const auto& r : roles) {
    if (r.device == device && r.port == port && r.role == role) return &r;
  }
  return nullptr;
}

TEST(PortRoles, ServerFoundByFanInOfDistinctRemotePorts) {
  Summaries s;
  // Eight local clients' ephemeral ports against the device's fixed tcp/8009.
  s.local_ports.push_back(
      local_port(dev(1), 8009, Transport::tcp, PeerScope::local_device, 8, 8, 3));
  for (std::uint16_t p = 40000; p < 40008; ++p) {
    s.edges.push_back(edge(dev(1), 8009, p, Transport::tcp, PeerScope::local_device, 2, 1));
  }
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 1u);
  const auto& role = roles[0];
  EXPECT_EQ(role.device, dev(1));
  EXPECT_EQ(role.port, 8009);
  EXPECT_EQ(role.role, Role::server);
  EXPECT_EQ(role.side, PortSide::local);
  EXPECT_EQ(role.scope, "local");
  EXPECT_EQ(evidence_int(port_role_evidence(role), "flows"), 8);
  EXPECT_EQ(evidence_int(port_role_evidence(role), "distinct_remote_ports"), 8);
  EXPECT_EQ(evidence_int(port_role_evidence(role), "distinct_remote_hosts"), 3);
  EXPECT_EQ(evidence_int(port_role_evidence(role), "initiator_unknown"), 8);
  EXPECT_GT(role.confidence, 0.5);
  EXPECT_LE(role.confidence, 1.0);
}

TEST(PortRoles, FewDistinctRemotePortsPerFlowIsNoServer) {
  Summaries s;
  // 5 remote ports but 40 flows: ratio 0.125, a long-lived client socket, not a server.
  s.local_ports.push_back(local_port(dev(1), 50000, Transport::tcp, PeerScope::external, 40, 5, 1));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, SingleEphemeralPortUsedOnceIsNoRole) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(1), 51234, Transport::tcp, PeerScope::external, 1, 1, 1));
  s.remote_ports.push_back(remote_port(dev(1), 443, Transport::tcp, PeerScope::external, 1, 1, 1));
  s.edges.push_back(edge(dev(1), 51234, 443, Transport::tcp, PeerScope::external, 0, 1));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, ClientOfRemotePortFromManyLocalPorts) {
  Summaries s;
  s.remote_ports.push_back(remote_port(dev(2), 443, Transport::tcp, PeerScope::external, 6, 6, 2));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].role, Role::client);
  EXPECT_EQ(roles[0].side, PortSide::remote);
  EXPECT_EQ(roles[0].port, 443);
  EXPECT_EQ(roles[0].scope, "external");
  EXPECT_EQ(evidence_int(port_role_evidence(roles[0]), "distinct_local_ports"), 6);
}

TEST(PortRoles, TwoLocalPortsAreNotEnoughForClient) {
  Summaries s;
  s.remote_ports.push_back(remote_port(dev(2), 443, Transport::tcp, PeerScope::external, 2, 2, 1));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, NtpBothSides123IsPeerNotServer) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(3), 123, Transport::udp, PeerScope::external, 12, 1, 4));
  s.remote_ports.push_back(remote_port(dev(3), 123, Transport::udp, PeerScope::external, 12, 1, 4));
  s.edges.push_back(edge(dev(3), 123, 123, Transport::udp, PeerScope::external, 0, 12));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].role, Role::peer);
  EXPECT_EQ(roles[0].port, 123);
  EXPECT_EQ(roles[0].transport, Transport::udp);
  EXPECT_EQ(roles[0].side, PortSide::local);
  EXPECT_EQ(roles[0].scope, "external");
  const Evidence evidence = port_role_evidence(roles[0]);
  EXPECT_EQ(std::get<std::string>(evidence[0].second), "fixed ports");
  EXPECT_EQ(evidence_int(evidence, "flows"), 12);
  EXPECT_EQ(evidence_int(evidence, "distinct_remote_ports"), 1);
  EXPECT_EQ(evidence[3].first, "peer_devices");  // a peer's other side is counted in devices
  EXPECT_EQ(evidence_int(evidence, "peer_devices"), 0);
}

TEST(PortRoles, SinglePeerFlowIsNotEnough) {
  Summaries s;
  s.edges.push_back(edge(dev(3), 55444, 55444, Transport::tcp, PeerScope::local_device, 4, 1));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, RemoteOpenedFlowsMakeServerWithoutFanInRatio) {
  Summaries s;
  // 6 client ports over 14 flows: the ratio rule says no, but the SYNs came from outside.
  s.local_ports.push_back(local_port(dev(4), 22, Transport::tcp, PeerScope::external, 14, 6, 3,
                                     InitiatorCounts{0, 12, 2}));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].role, Role::server);
  EXPECT_EQ(evidence_int(port_role_evidence(roles[0]), "initiated_by_remote"), 12);
  EXPECT_EQ(std::get<std::string>(port_role_evidence(roles[0])[0].second), "initiator");
  s.local_ports[0].totals.initiators = unknown_initiators(14);
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, RemoteOpenedFlowsFromOneFixedClientPortAreNoServer) {
  Summaries s;
  // A camera connecting 20 times from its fixed port 38622 to this device's tcp/10001.
  s.local_ports.push_back(local_port(dev(4), 10001, Transport::tcp, PeerScope::local_device, 20, 1,
                                     1, InitiatorCounts{0, 20, 0}));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, FoldedSingleUsePortZeroIsNeverARole) {
  Summaries s;
  // The engine folds one-flow ephemeral ports into port 0 on both sides.
  s.local_ports.push_back(local_port(dev(4), 0, Transport::tcp, PeerScope::external, 300, 40, 30));
  s.remote_ports.push_back(
      remote_port(dev(4), 0, Transport::tcp, PeerScope::local_device, 9, 9, 3));
  s.edges.push_back(edge(dev(4), 0, 0, Transport::tcp, PeerScope::local_device, 5, 9));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, DeviceOpenedFlowsVetoFanIn) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(4), 40000, Transport::tcp, PeerScope::local_unknown, 12,
                                     12, 1, InitiatorCounts{12, 0, 0}));
  EXPECT_EQ(find_role(find_port_roles(s, AnalysisConfig{}), dev(4), 40000, Role::server), nullptr);
}

TEST(PortRoles, FixedSourcePortScanIsNoServer) {
  Summaries s;
  // A scanner probing 12 service ports of one host from fixed source port 40000.
  s.local_ports.push_back(
      local_port(dev(5), 40000, Transport::tcp, PeerScope::local_device, 12, 12, 1));
  const std::uint16_t probed[] = {21, 22, 23, 25, 53, 80, 110, 139, 143, 443, 445, 993};
  for (const auto p : probed) {
    s.edges.push_back(edge(dev(5), 40000, p, Transport::tcp, PeerScope::local_device, 9, 1));
  }
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, ScopeBothWhenClientsAreLocalAndExternal) {
  Summaries s;
  s.local_ports.push_back(
      local_port(dev(6), 443, Transport::tcp, PeerScope::local_device, 3, 3, 2));
  s.local_ports.push_back(local_port(dev(6), 443, Transport::tcp, PeerScope::external, 4, 4, 4));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].scope, "both");
  EXPECT_EQ(evidence_int(port_role_evidence(roles[0]), "distinct_remote_ports"), 7);
}

TEST(PortRoles, MulticastDiscoveryCountsAsLocalUnlessTurnedOff) {
  Summaries s;
  s.remote_ports.push_back(
      remote_port(dev(7), 1900, Transport::udp, PeerScope::multicast_broadcast, 9, 9, 1));
  s.edges.push_back(edge(dev(7), 5353, 5353, Transport::udp, PeerScope::multicast_broadcast, 0, 9));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 2u);
  EXPECT_EQ(roles[0].port, 1900);
  EXPECT_EQ(roles[0].role, Role::client);
  EXPECT_EQ(roles[0].scope, "local");
  EXPECT_EQ(roles[1].port, 5353);
  EXPECT_EQ(roles[1].role, Role::peer);
  AnalysisConfig without_multicast;
  without_multicast.roles_include_multicast = false;
  EXPECT_TRUE(find_port_roles(s, without_multicast).empty());
}

TEST(PortRoles, FixedSourcePortClientIsNoClientRole) {
  Summaries s;
  // A camera opening 20 connections to tcp/10001 always from its fixed port 38622.
  s.remote_ports.push_back(remote_port(dev(8), 10001, Transport::tcp, PeerScope::local_device, 20,
                                       1, 1, InitiatorCounts{20, 0, 0}));
  s.edges.push_back(edge(dev(8), 38622, 10001, Transport::tcp, PeerScope::local_device, 3, 20));
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, SamePortSeenInTwoScopesCountsOnce) {
  Summaries s;
  // Two M-SEARCHes from ports 40000 and 40001: to the group and, unicast, to a responder. The
  // per-scope counts add up to 4 local ports; the edges show there were only 2.
  s.remote_ports.push_back(
      remote_port(dev(7), 1900, Transport::udp, PeerScope::multicast_broadcast, 2, 2, 1));
  s.remote_ports.push_back(
      remote_port(dev(7), 1900, Transport::udp, PeerScope::local_device, 2, 2, 1));
  for (const std::uint16_t p : std::vector<std::uint16_t>{40000, 40001}) {
    s.edges.push_back(edge(dev(7), p, 1900, Transport::udp, PeerScope::multicast_broadcast, 0, 1));
    s.edges.push_back(edge(dev(7), p, 1900, Transport::udp, PeerScope::local_device, 5, 1));
  }
  EXPECT_TRUE(find_port_roles(s, AnalysisConfig{}).empty());
}

TEST(PortRoles, PeerFlowsDoNotDiluteFanIn) {
  Summaries s;
  // 6 replies to distinct client ports plus 20 fixed-port 1900<->1900 flows: server and peer.
  s.local_ports.push_back(
      local_port(dev(9), 1900, Transport::udp, PeerScope::local_device, 26, 7, 4));
  s.edges.push_back(edge(dev(9), 1900, 1900, Transport::udp, PeerScope::local_device, 3, 20));
  for (std::uint16_t i = 0; i < 6; ++i) {
    s.edges.push_back(edge(dev(9), 1900, static_cast<std::uint16_t>(45000 + i), Transport::udp,
                           PeerScope::local_device, 4, 1));
  }
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 2u);
  EXPECT_EQ(roles[0].role, Role::server);
  EXPECT_EQ(evidence_int(port_role_evidence(roles[0]), "distinct_remote_ports"), 6);
  EXPECT_EQ(roles[1].role, Role::peer);
}

TEST(PortRoles, SortedByDeviceThenPort) {
  Summaries s;
  s.remote_ports.push_back(remote_port(dev(9), 443, Transport::tcp, PeerScope::external, 5, 5, 1));
  s.remote_ports.push_back(remote_port(dev(2), 80, Transport::tcp, PeerScope::external, 5, 5, 1));
  s.remote_ports.push_back(remote_port(dev(2), 53, Transport::udp, PeerScope::external, 5, 5, 1));
  const auto roles = find_port_roles(s, AnalysisConfig{});
  ASSERT_EQ(roles.size(), 3u);
  EXPECT_EQ(roles[0].device, dev(2));
  EXPECT_EQ(roles[0].port, 53);
  EXPECT_EQ(roles[1].port, 80);
  EXPECT_EQ(roles[2].device, dev(9));
}

}  // namespace
}  // namespace iotscope
