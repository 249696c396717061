// A connection as a conn.log row, filled into one row reused for every connection.
#include "sources/pcap/connection_to_zeek.hpp"

#include <gtest/gtest.h>

#include <string>

namespace iotscope {
namespace {

Connection camera_to_cloud() {
  Connection c;
  c.uid = 12345;
  c.ip_protocol = ip_protocol::tcp;
  c.transport = Transport::tcp;
  c.orig = {*IpAddress::parse("192.168.1.20"), 50000, true, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55}};
  c.resp = {*IpAddress::parse("52.1.2.3"), 443, true, {0xb8, 0x27, 0xeb, 0xaa, 0xbb, 0xcc}};
  c.start_ns = 1'700'000'000'000'000'000;
  c.last_ns = c.start_ns + 2'500'000'000;
  c.orig_bytes = 517;
  c.resp_bytes = 4096;
  c.state = ZeekConnState::SF;
  c.history.push('S');
  c.history.push('h');
  return c;
}

// An instant (no duration), no MACs (raw IP capture), no service, outside the home.
Connection unanswered_probe() {
  Connection c;
  c.uid = 7;
  c.ip_protocol = ip_protocol::udp;
  c.transport = Transport::udp;
  c.orig = {*IpAddress::parse("10.9.9.9"), 40000, false, {}};
  c.resp = {*IpAddress::parse("10.9.9.10"), 161, false, {}};
  c.start_ns = 1'700'000'100'000'000'000;
  c.last_ns = c.start_ns;
  c.state = ZeekConnState::S0;
  return c;
}

TEST(ConnectionToZeek, AReusedRowKeepsNothingOfTheConnectionBefore) {
  const LocalNetworks home({*IpNetwork::parse("192.168.1.0/24")});
  ZeekConn row;
  fill_zeek_conn(camera_to_cloud(), "tls", home, row);
  EXPECT_EQ(row.uid, zeek_uid(12345));
  EXPECT_EQ(row.uid.size(), 18U);
  EXPECT_EQ(row.service, "tls");
  EXPECT_EQ(row.proto, "tcp");
  EXPECT_EQ(row.orig_l2_addr, "00:11:22:33:44:55");
  EXPECT_EQ(row.resp_l2_addr, "b8:27:eb:aa:bb:cc");
  ASSERT_TRUE(row.duration.has_value());
  EXPECT_DOUBLE_EQ(*row.duration, 2.5);
  EXPECT_EQ(row.orig_bytes, 517U);
  EXPECT_EQ(row.local_orig, true);
  EXPECT_EQ(row.local_resp, false);
  EXPECT_EQ(row.history, "Sh");

  fill_zeek_conn(unanswered_probe(), "", home, row);
  ZeekConn fresh;
  fill_zeek_conn(unanswered_probe(), "", home, fresh);
  EXPECT_EQ(row, fresh);
  EXPECT_FALSE(row.service.has_value());
  EXPECT_FALSE(row.duration.has_value());
  EXPECT_FALSE(row.orig_bytes.has_value());
  EXPECT_FALSE(row.orig_l2_addr.has_value());
  EXPECT_FALSE(row.resp_l2_addr.has_value());
  EXPECT_EQ(row.proto, "udp");
  EXPECT_EQ(row.conn_state, "S0");
  EXPECT_EQ(row.history, "");
  EXPECT_EQ(row.local_orig, false);
}

}  // namespace
}  // namespace iotscope
