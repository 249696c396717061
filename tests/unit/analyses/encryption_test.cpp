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

}  // namespace
}  // namespace iotscope
