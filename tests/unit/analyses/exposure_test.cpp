#include "analyses/exposure.hpp"

#include <gtest/gtest.h>

#include "analyses/evidence.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

void add_inbound_fan_in(Summaries& s, DeviceKey device, std::uint16_t port, std::uint32_t hosts,
                        std::uint32_t ports) {
  s.local_ports.push_back(
      local_port(device, port, Transport::tcp, PeerScope::external, ports, ports, hosts));
  for (std::uint32_t i = 0; i < ports; ++i) {
    s.edges.push_back(edge(device, port, static_cast<std::uint16_t>(50000 + i), Transport::tcp,
                           PeerScope::external, 0, 1));
  }
}

TEST(Exposure, InboundHttpsFromManyInternetHosts) {
  Summaries s;
  add_inbound_fan_in(s, dev(1), 443, 5, 20);
  const auto found = find_exposure(s, AnalysisConfig{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "inbound");
  EXPECT_EQ(found[0].port, 443);
  EXPECT_EQ(found[0].service, "https");
  EXPECT_EQ(evidence_int(found[0].evidence, "distinct_external_hosts"), 5);
  EXPECT_EQ(evidence_int(found[0].evidence, "distinct_remote_ports"), 20);
  EXPECT_EQ(evidence_int(found[0].evidence, "flows"), 20);
  EXPECT_EQ(evidence_int(found[0].evidence, "bytes"), 20000);
}

TEST(Exposure, InboundTelnetIsAlsoRisky) {
  Summaries s;
  add_inbound_fan_in(s, dev(2), 23, 4, 8);
  const auto found = find_exposure(s, AnalysisConfig{});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "inbound");
  EXPECT_EQ(found[1].kind, "risky_service");
  EXPECT_EQ(found[1].port, 23);
  EXPECT_EQ(found[1].service, "telnet");
}

TEST(Exposure, TooFewInternetHostsIsNotInbound) {
  Summaries s;
  add_inbound_fan_in(s, dev(2), 8080, 2, 10);
  EXPECT_TRUE(find_exposure(s, AnalysisConfig{}).empty());
}

TEST(Exposure, NtpClient123To123IsNotAResponder) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(3), 123, Transport::udp, PeerScope::external, 40, 1, 4));
  s.edges.push_back(edge(dev(3), 123, 123, Transport::udp, PeerScope::external, 0, 40));
  EXPECT_TRUE(find_exposure(s, AnalysisConfig{}).empty());
}

TEST(Exposure, NtpClientPollsDoNotCountAsClientPorts) {
  Summaries s;
  // Five remote ports but all are service ports coming back to the device (123, 53, low ports).
  s.local_ports.push_back(local_port(dev(3), 123, Transport::udp, PeerScope::external, 5, 5, 5));
  for (const std::uint16_t p : std::vector<std::uint16_t>{53, 123, 161, 500, 514}) {
    s.edges.push_back(edge(dev(3), 123, p, Transport::udp, PeerScope::external, 0, 1));
  }
  EXPECT_TRUE(find_exposure(s, AnalysisConfig{}).empty());
}

TEST(Exposure, NtpResponderAnswersManyHostsFromEphemeralPorts) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(4), 123, Transport::udp, PeerScope::external, 31, 31, 25));
  s.edges.push_back(edge(dev(4), 123, 123, Transport::udp, PeerScope::external, 0, 1));
  for (std::uint16_t i = 0; i < 30; ++i) {
    s.edges.push_back(edge(dev(4), 123, static_cast<std::uint16_t>(33000 + i * 7), Transport::udp,
                           PeerScope::external, 0, 1));
  }
  const auto found = find_exposure(s, AnalysisConfig{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "ntp_responder");
  EXPECT_EQ(found[0].service, "ntp");
  EXPECT_EQ(evidence_int(found[0].evidence, "distinct_external_hosts"), 25);
}

TEST(Exposure, RemoteOpenedExternalFlowIsInbound) {
  Summaries s;
  s.local_ports.push_back(local_port(dev(5), 8443, Transport::tcp, PeerScope::external, 1, 1, 1,
                                     InitiatorCounts{0, 1, 0}));
  const auto found = find_exposure(s, AnalysisConfig{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "inbound");
  EXPECT_EQ(evidence_int(found[0].evidence, "initiated_by_remote"), 1);
  EXPECT_GE(found[0].confidence, 0.8);
}

TEST(Exposure, LocalClientsAreNoExposure) {
  Summaries s;
  s.local_ports.push_back(
      local_port(dev(6), 80, Transport::tcp, PeerScope::local_device, 30, 30, 6));
  EXPECT_TRUE(find_exposure(s, AnalysisConfig{}).empty());
}

}  // namespace
}  // namespace iotscope

namespace iotscope {
namespace {

TEST(Exposure, FoldedEphemeralPortZeroIsNoExposure) {
  Summaries s;
  s.local_ports.push_back(
      test::local_port(test::dev(7), 0, Transport::tcp, PeerScope::external, 50, 50, 20));
  EXPECT_TRUE(find_exposure(s, AnalysisConfig{}).empty());
}

}  // namespace
}  // namespace iotscope
