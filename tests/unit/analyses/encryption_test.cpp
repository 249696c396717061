#include "analyses/encryption.hpp"

#include <gtest/gtest.h>

#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

PortRole server_role(DeviceKey device, std::uint16_t port) {
  PortRole r;
  r.device = device;
  r.port = port;
  r.role = Role::server;
  r.side = PortSide::local;
  return r;
}

TEST(Encryption, ServerPortFromRolesAndStatusFromServiceTable) {
  Summaries s;
  // Device 1 serves plaintext HTTP on 80 to device 2 (two connections).
  s.edges.push_back(edge(dev(1), 80, 40000, Transport::tcp, PeerScope::local_device, 2, 1, 100));
  s.edges.push_back(edge(dev(1), 80, 40001, Transport::tcp, PeerScope::local_device, 2, 1, 150));
  s.edges.push_back(edge(dev(2), 40000, 80, Transport::tcp, PeerScope::local_device, 1, 1, 100));
  s.edges.push_back(edge(dev(2), 40001, 80, Transport::tcp, PeerScope::local_device, 1, 1, 150));
  // Device 2 talks to the Internet on 443 from two ephemeral ports: one entry.
  s.edges.push_back(edge(dev(2), 50000, 443, Transport::tcp, PeerScope::external, 0, 2, 500));
  s.edges.push_back(edge(dev(2), 50001, 443, Transport::tcp, PeerScope::external, 0, 1, 300));
  // Unknown ports on both sides with no role: nothing can be said.
  s.edges.push_back(edge(dev(2), 50002, 40404, Transport::tcp, PeerScope::external, 0, 1));
  const auto entries = find_encryption(s, RoleIndex({server_role(dev(1), 80)}));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].device, dev(1));
  EXPECT_EQ(entries[0].peer_scope, PeerScope::local_device);
  EXPECT_EQ(entries[0].peer_device, 2u);
  EXPECT_EQ(entries[0].port, 80);
  EXPECT_EQ(entries[0].service, "http");
  EXPECT_EQ(entries[0].status, EncryptionStatus::plaintext);
  EXPECT_EQ(entries[0].how_known, HowKnown::port);
  EXPECT_EQ(entries[0].flows, 2u);
  EXPECT_EQ(entries[0].bytes, 250u);
  // The client side learns the server port from its peer's role.
  EXPECT_EQ(entries[1].device, dev(2));
  EXPECT_EQ(entries[1].peer_device, 1u);
  EXPECT_EQ(entries[1].port, 80);
  EXPECT_EQ(entries[2].peer_scope, PeerScope::external);
  EXPECT_EQ(entries[2].peer_device, 0u);
  EXPECT_EQ(entries[2].port, 443);
  EXPECT_EQ(entries[2].status, EncryptionStatus::encrypted);
  EXPECT_EQ(entries[2].flows, 3u);
  EXPECT_EQ(entries[2].bytes, 800u);
}

TEST(Encryption, UnknownServicePortServedByDeviceIsStatusUnknown) {
  Summaries s;
  s.edges.push_back(edge(dev(1), 55443, 41000, Transport::tcp, PeerScope::local_device, 3, 4));
  const auto entries = find_encryption(s, RoleIndex({server_role(dev(1), 55443)}));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].port, 55443);
  EXPECT_EQ(entries[0].service, "");
  EXPECT_EQ(entries[0].status, EncryptionStatus::unknown);
}

// Edges in the engines' order (by device) and the same edges shuffled give the same entries.
TEST(Encryption, EntriesDoNotDependOnEdgeOrder) {
  Summaries sorted;
  sorted.edges.push_back(edge(dev(1), 80, 40000, Transport::tcp, PeerScope::local_device, 2, 1));
  sorted.edges.push_back(edge(dev(1), 50000, 443, Transport::tcp, PeerScope::external, 0, 2));
  sorted.edges.push_back(edge(dev(1), 50001, 53, Transport::udp, PeerScope::external, 0, 4));
  sorted.edges.push_back(edge(dev(1), 50002, 443, Transport::tcp, PeerScope::external, 0, 3));
  sorted.edges.push_back(edge(dev(2), 40000, 80, Transport::tcp, PeerScope::local_device, 1, 1));
  sorted.edges.push_back(edge(dev(2), 50003, 443, Transport::tcp, PeerScope::external, 0, 5));
  Summaries shuffled;
  for (const std::size_t i : {5, 2, 0, 4, 3, 1}) shuffled.edges.push_back(sorted.edges[i]);
  const RoleIndex roles({server_role(dev(1), 80)});
  const auto expected = find_encryption(sorted, roles);
  const auto actual = find_encryption(shuffled, roles);
  ASSERT_EQ(expected.size(), 5u);
  ASSERT_EQ(actual.size(), expected.size());
  // Device 1: peer device 2 on 80, then the Internet on 53/udp and 443/tcp (3 + 2 flows).
  EXPECT_EQ(expected[0].port, 80);
  EXPECT_EQ(expected[1].port, 53);
  EXPECT_EQ(expected[2].port, 443);
  EXPECT_EQ(expected[2].flows, 5u);
  EXPECT_EQ(expected[3].device, dev(2));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].device, expected[i].device) << i;
    EXPECT_EQ(actual[i].peer_scope, expected[i].peer_scope) << i;
    EXPECT_EQ(actual[i].peer_device, expected[i].peer_device) << i;
    EXPECT_EQ(actual[i].port, expected[i].port) << i;
    EXPECT_EQ(actual[i].transport, expected[i].transport) << i;
    EXPECT_EQ(actual[i].flows, expected[i].flows) << i;
  }
}

}  // namespace
}  // namespace iotscope
