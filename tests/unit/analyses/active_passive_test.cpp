#include "analyses/active_passive.hpp"

#include <gtest/gtest.h>

#include "analyses/security_critical_services.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

ServiceOffer offer(DeviceKey device, std::uint16_t port, std::string service,
                   PortState state = PortState::open, Transport transport = Transport::tcp) {
  ServiceOffer o;
  o.device = device;
  o.port = port;
  o.transport = transport;
  o.state = state;
  o.service = std::move(service);
  return o;
}

InitiatorCounts opened_by_remote(std::uint64_t flows) {
  InitiatorCounts counts;
  counts.remote = flows;
  return counts;
}

// A camera serving 443 (used, first seen at 25% of the period) and offering telnet and rtsp
// unused; a speaker serving 8009 that the probe found filtered; a plug that answered nothing.
struct Home {
  Summaries summaries;
  ActiveInput active;
  Home() {
    summaries.flows = 100;
    summaries.first_ts = 1000;
    summaries.last_ts = 2000;
    auto camera_https = local_port(dev(1), 443, Transport::tcp, PeerScope::external, 10, 10, 5,
                                   opened_by_remote(10));
    camera_https.totals.first_ts = 1250;
    summaries.local_ports.push_back(camera_https);
    auto speaker = local_port(dev(2), 8009, Transport::tcp, PeerScope::local_device, 4, 4, 1,
                              opened_by_remote(4));
    speaker.totals.first_ts = 1500;
    summaries.local_ports.push_back(speaker);
    // A folded single-use port is never a service.
    summaries.local_ports.push_back(
        local_port(dev(2), 0, Transport::tcp, PeerScope::external, 30, 30, 9));
    active.internal = {offer(dev(1), 443, "https"), offer(dev(1), 23, "telnet"),
                       offer(dev(1), 554, "rtsp"), offer(dev(1), 23, ""),
                       offer(dev(2), 8009, "", PortState::filtered)};
    active.probed = {dev(1), dev(2), dev(3)};
  }
};

TEST(ActivePassive, OfferedVersusUsedPerDevice) {
  const Home home;
  const auto m = compare_active_passive(home.active, home.summaries, {});
  ASSERT_TRUE(m.present);
  ASSERT_TRUE(m.passive_present);
  ASSERT_EQ(m.offered.size(), 3u);  // 23 twice is one service; the filtered port is no offer
  ASSERT_EQ(m.devices.size(), 3u);
  const auto& camera = m.devices[0];
  EXPECT_EQ(camera.device, dev(1));
  EXPECT_TRUE(camera.answered);
  EXPECT_EQ(camera.offered, 3u);
  EXPECT_EQ(camera.offered_used, 1u);
  EXPECT_NEAR(camera.used_fraction, 1.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(camera.all_used_seen_at, 0.25);
  const auto& speaker = m.devices[1];
  EXPECT_FALSE(speaker.answered);
  EXPECT_EQ(speaker.used_not_offered, 1u);
  EXPECT_LT(speaker.all_used_seen_at, 0);
  EXPECT_EQ(m.devices_probed, 3u);
  EXPECT_EQ(m.devices_answering, 1u);
  EXPECT_NEAR(m.answering_fraction, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(m.mean_used_fraction, 1.0 / 3.0, 1e-12);
}

TEST(ActivePassive, SecurityCriticalUnusedAndServiceTable) {
  const Home home;
  const auto m = compare_active_passive(home.active, home.summaries, {});
  ASSERT_EQ(m.critical_unused.size(), 1u);
  EXPECT_EQ(m.critical_unused[0].service, "telnet");
  EXPECT_EQ(m.critical_unused[0].port, 23);
  ASSERT_EQ(m.used_not_offered.size(), 1u);
  EXPECT_EQ(m.used_not_offered[0].device, dev(2));
  EXPECT_EQ(m.used_not_offered[0].port, 8009);
  ASSERT_EQ(m.by_service.size(), 3u);
  for (const auto& row : m.by_service) {
    EXPECT_EQ(row.devices_offering, 1u);
    EXPECT_EQ(row.devices_unused, row.service == "https" ? 0u : 1u) << row.service;
  }
}

TEST(ActivePassive, RolesMakeAPortUsedWithoutKnownInitiators) {
  Home home;
  home.summaries.local_ports[0].totals.initiators = unknown_initiators(10);
  PortRole role;
  role.device = dev(1);
  role.port = 554;
  role.role = Role::server;
  const auto m = compare_active_passive(home.active, home.summaries, {role});
  for (const auto& row : m.offered) {
    // 443 has flows, but nobody was seen opening them and no role calls it served.
    if (row.port == 554 || row.port == 443) {
      EXPECT_EQ(row.used, row.port == 554) << row.port;
    }
  }
}

TEST(ActivePassive, InternalVersusExternalScan) {
  Home home;
  home.active.external = {offer(dev(1), 443, "https"), offer(dev(2), 8080, "http-proxy")};
  const auto m = compare_active_passive(home.active, home.summaries, {});
  ASSERT_EQ(m.vantage.size(), 4u);
  int both = 0;
  int outside_only = 0;
  for (const auto& row : m.vantage) {
    both += row.open_internal && row.open_external;
    outside_only += !row.open_internal && row.open_external;
  }
  EXPECT_EQ(both, 1);
  EXPECT_EQ(outside_only, 1);
}

TEST(ActivePassive, AbsentWithoutProbes) {
  const Home home;
  const auto m = compare_active_passive({}, home.summaries, {});
  EXPECT_FALSE(m.present);
  EXPECT_TRUE(m.devices.empty());
}

TEST(ActivePassive, WithoutFlowsNothingIsCalledUsed) {
  const Home home;
  const auto m = compare_active_passive(home.active, Summaries{}, {});
  EXPECT_TRUE(m.present);
  EXPECT_FALSE(m.passive_present);
  EXPECT_DOUBLE_EQ(m.mean_used_fraction, 0);
  for (const auto& row : m.offered) EXPECT_FALSE(row.used);
}

TEST(ActivePassive, WhatTheGatewayToldTheProbe) {
  const Home home;
  Observation igd;
  igd.device = dev(9);
  igd.kind = "upnp_gateway";
  Observation mapping;
  mapping.device = dev(1);
  mapping.kind = "upnp_port_mapping";
  Observation nat;
  nat.device = dev(9);
  nat.kind = "nat_gateway_check";
  nat.fields = {{"natpmp_answered", "true"}, {"pcp_answered", "false"}};
  const auto m = compare_active_passive(home.active, home.summaries, {}, {igd, mapping, nat});
  EXPECT_TRUE(m.gateway.found);
  EXPECT_EQ(m.gateway.device, dev(9));
  EXPECT_TRUE(m.gateway.upnp_igd);
  EXPECT_EQ(m.gateway.upnp_mappings, 1u);
  EXPECT_TRUE(m.gateway.natpmp_answered);
  EXPECT_FALSE(m.gateway.pcp_answered);
  EXPECT_FALSE(compare_active_passive(home.active, home.summaries, {}).gateway.found);
}

TEST(SecurityCritical, ByNameThenByPort) {
  EXPECT_TRUE(is_security_critical("ssh", 2222, Transport::tcp));
  EXPECT_TRUE(is_security_critical("ssl/telnet", 992, Transport::tcp));
  EXPECT_FALSE(is_security_critical("http", 23, Transport::tcp));
  EXPECT_TRUE(is_security_critical("", 23, Transport::tcp));
  EXPECT_TRUE(is_security_critical("", 161, Transport::udp));
  EXPECT_FALSE(is_security_critical("", 443, Transport::tcp));
}

}  // namespace
}  // namespace iotscope
