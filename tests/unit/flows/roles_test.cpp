// Who is the originator, how ICMP pairs requests with replies, and what is (not) in the key.
#include <gtest/gtest.h>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

TEST(Roles, MidstreamPacketFromPort80MakesItsReceiverTheOriginator) {
  Recorder r;
  r << s2c(0.0, PA, 5001, 1001, 100) << c2s(0.1, A, 1001, 5101) << c2s(0.2, PA, 1001, 5101, 20);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig.ip.to_string(), kClient);
  EXPECT_EQ(c.orig.port, kClientPort);
  EXPECT_EQ(c.resp.port, kServerPort);
  EXPECT_EQ(c.history.view(), "^dAD");
  EXPECT_EQ(c.state, ZeekConnState::OTH);
  EXPECT_EQ(c.orig_bytes, 20u);
  EXPECT_EQ(c.resp_bytes, 100u);
  EXPECT_EQ(c.orig_pkts, 2u);
  EXPECT_EQ(c.resp_pkts, 1u);
}

TEST(Roles, MidstreamBetweenTwoServerPortsFavoursTheLowerPortAsServer) {
  Recorder r;
  r << tcp(at(0.0), "10.0.0.1", 443, "10.0.0.2", 8080, PA, 100, 200, 10);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig.port, 8080);
  EXPECT_EQ(c.resp.port, 443);
}

TEST(Roles, BareSynNamesItsSenderEvenFromAServerPort) {
  Recorder r;
  r << tcp(at(0.0), "10.0.0.1", 80, "10.0.0.2", 40000, S, 100, 0);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig.port, 80);
  EXPECT_EQ(c.history.view(), "S");
}

TEST(Roles, EchoRequestAndReplyShareAConnection) {
  Recorder r;
  r << icmp(at(0.0), "10.0.0.1", "10.0.0.2", 8, 0, 56)
    << icmp(at(0.01), "10.0.0.2", "10.0.0.1", 0, 0, 56)
    << icmp(at(1.0), "10.0.0.1", "10.0.0.2", 8, 0, 56);
  const Connection& c = r.only();
  EXPECT_EQ(c.transport, Transport::icmp);
  EXPECT_EQ(c.orig.port, 8);
  EXPECT_EQ(c.resp.port, 0);
  EXPECT_EQ(c.orig_pkts, 2u);
  EXPECT_EQ(c.resp_pkts, 1u);
  EXPECT_EQ(c.orig_bytes, 112u);
  EXPECT_EQ(c.state, ZeekConnState::OTH);
  EXPECT_EQ(c.history.view(), "");
}

TEST(Roles, Icmpv6NeighborDiscoveryPairsSolicitationAndAdvertisement) {
  Recorder r;
  r << icmp(at(0.0), "fe80::1", "fe80::2", 135, 0, 24)
    << icmp(at(0.1), "fe80::2", "fe80::1", 136, 0, 24);
  const Connection& c = r.only();
  EXPECT_EQ(c.orig.ip.to_string(), "fe80::1");
  EXPECT_EQ(c.orig.port, 135);
  EXPECT_EQ(c.resp.port, 136);
  EXPECT_EQ(c.resp_pkts, 1u);
}

TEST(Roles, UnreachableIsOneWayWithCodeAsResponderPort) {
  Recorder r;
  r << icmp(at(0.0), "10.0.0.1", "10.0.0.2", 3, 3, 36)
    << icmp(at(0.1), "10.0.0.2", "10.0.0.1", 3, 3, 36);
  r.table.flush_all();
  ASSERT_EQ(r.connections.size(), 2u);
  for (const Connection& c : r.connections) {
    EXPECT_EQ(c.orig.port, 3);
    EXPECT_EQ(c.resp.port, 3);
    EXPECT_EQ(c.orig_pkts, 1u);
    EXPECT_EQ(c.resp_pkts, 0u);
  }
}

TEST(Roles, VlanIsRecordedButNotPartOfTheKey) {
  Recorder r;
  DecodedPacket tagged = c2s(0.1, S, 1000, 0);
  tagged.vlan_outer = 42;
  DecodedPacket answer = s2c(0.2, SA, 5000, 1001);
  r << tagged << answer;
  const Connection& c = r.only();
  EXPECT_EQ(c.vlan, 42);
  EXPECT_EQ(c.history.view(), "Sh");
  EXPECT_EQ(c.resp_pkts, 1u);
}

TEST(Roles, MacAddressesFollowTheRoles) {
  Recorder r;
  DecodedPacket first = s2c(0.0, PA, 5001, 1001, 10);  // flipped: the server sent it
  first.has_macs = true;
  first.src_mac = {2, 0, 0, 0, 0, 2};
  first.dst_mac = {2, 0, 0, 0, 0, 1};
  r << first;
  const Connection& c = r.only();
  EXPECT_TRUE(c.orig.has_mac);
  EXPECT_EQ(c.orig.mac, (MacAddress{2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(c.resp.mac, (MacAddress{2, 0, 0, 0, 0, 2}));
}

TEST(Roles, OtherProtocolsAreIgnoredUnlessAsked) {
  DecodedPacket igmp = ip_packet(at(0.0), "10.0.0.1", "224.0.0.1", 2);
  igmp.ip_length = 32;
  Recorder ignoring;
  ignoring << igmp;
  ignoring.table.flush_all();
  EXPECT_TRUE(ignoring.connections.empty());
  EXPECT_EQ(ignoring.table.stats().ignored_packets, 1u);

  FlowTableConfig config;
  config.track_other_protocols = true;
  Recorder tracking(config);
  tracking << igmp;
  const Connection& c = tracking.only();
  EXPECT_EQ(c.transport, Transport::other);
  EXPECT_EQ(c.ip_protocol, 2);
  EXPECT_EQ(c.orig_ip_bytes, 32u);
}

TEST(Roles, FirstFlagsOfEachSideAreKept) {
  Recorder r;
  r << s2c(0.0, SA, 5000, 1001) << c2s(0.1, A, 1001, 5001) << c2s(0.2, PA, 1001, 5001, 5);
  const Connection& c = r.only();
  EXPECT_EQ(c.first_orig_flags, A);
  EXPECT_EQ(c.first_resp_flags, SA);
}

TEST(Roles, UidIsStableAcrossRuns) {
  auto uid = [] {
    Recorder r;
    r << c2s(0.0, S, 1000, 0);
    return r.only().uid;
  };
  EXPECT_EQ(uid(), uid());
  Recorder later;
  later << c2s(1.0, S, 1000, 0);
  EXPECT_NE(later.only().uid, uid());
}

}  // namespace
}  // namespace iotscope::flows_test
