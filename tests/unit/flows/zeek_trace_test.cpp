// Zeek's own reference traces, packet by packet (zeek_traces/*.inc, made by make_tables.py from
// the pcap and its baseline conn.log), must come out of the table as Zeek logged them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow_test_support.hpp"

namespace iotscope::flows_test {
namespace {

struct TracePacket {
  std::int64_t ts_ns;
  const char* src;
  const char* dst;
  int protocol;
  int src_port;
  int dst_port;
  int flags;
  std::uint32_t seq;
  std::uint32_t ack;
  int payload_length;
  int window;
  int ip_length;
  int icmp_type;
  int icmp_code;
};

// -2: not in the baseline's columns; -1: Zeek logged "-".
struct ZeekRow {
  const char* proto;
  const char* orig_h;
  long orig_p;
  const char* resp_h;
  long resp_p;
  const char* conn_state;
  const char* history;
  long orig_pkts;
  long resp_pkts;
  long orig_ip_bytes;
  long resp_ip_bytes;
  long orig_bytes;
  long resp_bytes;
  long missed_bytes;
  long duration_us;
};

struct Trace {
  std::vector<TracePacket> packets;
  std::vector<ZeekRow> rows;
};

DecodedPacket decoded(const TracePacket& t) {
  DecodedPacket p = ip_packet(t.ts_ns, t.src, t.dst, static_cast<std::uint8_t>(t.protocol));
  p.src_port = static_cast<std::uint16_t>(t.src_port);
  p.dst_port = static_cast<std::uint16_t>(t.dst_port);
  p.tcp_flags = static_cast<std::uint8_t>(t.flags);
  p.tcp_seq = t.seq;
  p.tcp_ack = t.ack;
  p.tcp_window = static_cast<std::uint16_t>(t.window);
  p.icmp_type = static_cast<std::uint8_t>(t.icmp_type);
  p.icmp_code = static_cast<std::uint8_t>(t.icmp_code);
  p.payload_length = static_cast<std::uint32_t>(t.payload_length);
  p.payload = pattern_bytes(t.seq, static_cast<std::size_t>(t.payload_length));
  p.ip_length = static_cast<std::uint32_t>(t.ip_length);
  return p;
}

std::string describe(const Connection& c) {
  return std::string(transport_name(c.transport)) + " " + c.orig.ip.to_string() + ":" +
         std::to_string(c.orig.port) + " > " + c.resp.ip.to_string() + ":" +
         std::to_string(c.resp.port) + " " + std::string(conn_state_name(c.state)) + " " +
         std::string(c.history.view()) + " pkts " + std::to_string(c.orig_pkts) + "/" +
         std::to_string(c.resp_pkts) + " ip " + std::to_string(c.orig_ip_bytes) + "/" +
         std::to_string(c.resp_ip_bytes) + " bytes " + std::to_string(c.orig_bytes) + "/" +
         std::to_string(c.resp_bytes) + " missed " + std::to_string(c.missed_bytes) + " dur " +
         std::to_string(c.duration_ns() / 1000);
}

std::string describe(const ZeekRow& z) {
  return std::string(z.proto) + " " + z.orig_h + ":" + std::to_string(z.orig_p) + " > " + z.resp_h +
         ":" + std::to_string(z.resp_p) + " " + z.conn_state + " " + z.history + " pkts " +
         std::to_string(z.orig_pkts) + "/" + std::to_string(z.resp_pkts) + " ip " +
         std::to_string(z.orig_ip_bytes) + "/" + std::to_string(z.resp_ip_bytes) + " bytes " +
         std::to_string(z.orig_bytes) + "/" + std::to_string(z.resp_bytes) + " missed " +
         std::to_string(z.missed_bytes) + " dur " + std::to_string(z.duration_us);
}

bool same_count(long expected, std::uint64_t actual) {
  return expected == -2 || expected == static_cast<long>(actual);
}

// Zeek leaves bytes and duration unset for a connection of zero duration.
bool same_unsettable(long expected, std::uint64_t actual, bool has_duration) {
  if (expected == -2) return true;
  if (expected == -1) return !has_duration;
  return has_duration && expected == static_cast<long>(actual);
}

bool matches(const ZeekRow& z, const Connection& c) {
  const std::string history = z.history == std::string("-") ? "" : z.history;
  const bool tuple = (*z.proto == '\0' || transport_name(c.transport) == z.proto) &&
                     (*z.orig_h == '\0' || c.orig.ip.to_string() == z.orig_h) &&
                     (*z.resp_h == '\0' || c.resp.ip.to_string() == z.resp_h) &&
                     same_count(z.orig_p, c.orig.port) && same_count(z.resp_p, c.resp.port);
  const bool has = c.has_duration();
  return tuple && (*z.conn_state == '\0' || conn_state_name(c.state) == z.conn_state) &&
         (*z.history == '\0' || c.history.view() == history) &&
         same_count(z.orig_pkts, c.orig_pkts) && same_count(z.resp_pkts, c.resp_pkts) &&
         same_count(z.orig_ip_bytes, c.orig_ip_bytes) &&
         same_count(z.resp_ip_bytes, c.resp_ip_bytes) &&
         same_unsettable(z.orig_bytes, c.orig_bytes, has) &&
         same_unsettable(z.resp_bytes, c.resp_bytes, has) &&
         same_count(z.missed_bytes, c.missed_bytes) &&
         same_unsettable(z.duration_us, static_cast<std::uint64_t>(c.duration_ns() / 1000), has);
}

std::vector<Connection> run(const Trace& trace, LikelyServerPorts ports) {
  Recorder recorder({}, nullptr, ports);
  for (const TracePacket& t : trace.packets) recorder << decoded(t);
  recorder.table.flush_all();
  return recorder.connections;
}

// Every baseline row must be matched by its own connection, and no connection may be left.
void expect_like_zeek(const Trace& trace, LikelyServerPorts ports = LikelyServerPorts::defaults()) {
  std::vector<Connection> actual = run(trace, ports);
  std::string report;
  std::vector<bool> used(actual.size(), false);
  for (const ZeekRow& z : trace.rows) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i) {
      if (!used[i] && matches(z, actual[i])) used[i] = found = true;
    }
    if (!found) report += "  missing: " + describe(z) + "\n";
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!used[i]) report += "  extra:   " + describe(actual[i]) + "\n";
  }
  EXPECT_TRUE(report.empty()) << report;
}

const Trace kHttpGet{
#include "zeek_traces/http_get.inc"
};
const Trace kMissingSyn{
#include "zeek_traces/missing_syn.inc"
};
const Trace kHandshakeReorder{
#include "zeek_traces/handshake_reorder.inc"
};
const Trace kPop3{
#include "zeek_traces/pop3.inc"
};
const Trace kSshHalfDuplex{
#include "zeek_traces/ssh_client_side_half_duplex.inc"
};
const Trace kHttpOnIrcPort{
#include "zeek_traces/http_on_irc_port_missing_syn.inc"
};
const Trace kImagePost{
#include "zeek_traces/zeek_image_post_1080_8000_x.inc"
};
const Trace kPortmapper{
#include "zeek_traces/portmapper_many_unanswered_calls.inc"
};
const Trace kFtpAuthTls{
#include "zeek_traces/ftp_auth_tls.inc"
};
const Trace kQinQ{
#include "zeek_traces/q_in_q.inc"
};
const Trace kPppoe{
#include "zeek_traces/pppoe.inc"
};
const Trace kUdpBroadcast{
#include "zeek_traces/udp_broadcast.inc"
};

const Trace kChromium11505790110ApiCirrusCom{
#include "zeek_traces/chromium_115_0_5790_110_api_cirrus_com.inc"
};
const Trace kDhcp{
#include "zeek_traces/dhcp.inc"
};
const Trace kFtpIpv4{
#include "zeek_traces/ftp_ipv4.inc"
};
const Trace kFtpIpv6{
#include "zeek_traces/ftp_ipv6.inc"
};
const Trace kFtpPasswordPassCommand{
#include "zeek_traces/ftp_password_pass_command.inc"
};
const Trace kHttpSingleConn22{
#include "zeek_traces/http_single_conn_22.inc"
};
const Trace kHttpVlan0{
#include "zeek_traces/http_vlan_0.inc"
};
const Trace kIrcStarttls{
#include "zeek_traces/irc_starttls.inc"
};
const Trace kQueryMethodNonStandardPort{
#include "zeek_traces/query_method_non_standard_port.inc"
};
const Trace kQuicdoq{
#include "zeek_traces/quicdoq.inc"
};
const Trace kQuicv2Http3443{
#include "zeek_traces/quicv2_http3_443.inc"
};
const Trace kServerPreBannerData{
#include "zeek_traces/server_pre_banner_data.inc"
};
const Trace kSshKexDhGroup18{
#include "zeek_traces/ssh_kex_dh_group18.inc"
};
const Trace kVlanCollisions{
#include "zeek_traces/vlan_collisions.inc"
};

TEST(ZeekTrace, Chromium11505790110ApiCirrusCom) {
  expect_like_zeek(kChromium11505790110ApiCirrusCom);
}
TEST(ZeekTrace, Dhcp) {
  expect_like_zeek(kDhcp);
}
TEST(ZeekTrace, FtpIpv4) {
  expect_like_zeek(kFtpIpv4);
}
TEST(ZeekTrace, FtpIpv6) {
  expect_like_zeek(kFtpIpv6);
}
TEST(ZeekTrace, FtpPasswordPassCommand) {
  expect_like_zeek(kFtpPasswordPassCommand);
}
TEST(ZeekTrace, HttpSingleConn22) {
  expect_like_zeek(kHttpSingleConn22);
}
TEST(ZeekTrace, HttpVlan0) {
  expect_like_zeek(kHttpVlan0);
}
TEST(ZeekTrace, IrcStarttls) {
  expect_like_zeek(kIrcStarttls);
}
TEST(ZeekTrace, QueryMethodNonStandardPort) {
  expect_like_zeek(kQueryMethodNonStandardPort);
}
TEST(ZeekTrace, Quicdoq) {
  expect_like_zeek(kQuicdoq);
}
TEST(ZeekTrace, Quicv2Http3443) {
  expect_like_zeek(kQuicv2Http3443);
}
TEST(ZeekTrace, ServerPreBannerData) {
  expect_like_zeek(kServerPreBannerData);
}
TEST(ZeekTrace, SshKexDhGroup18) {
  expect_like_zeek(kSshKexDhGroup18);
}
TEST(ZeekTrace, VlanCollisions) {
  expect_like_zeek(kVlanCollisions);
}
TEST(ZeekTrace, HttpGetIsSF) {
  expect_like_zeek(kHttpGet);
}
TEST(ZeekTrace, MissingSynFlipsOnSynAck) {
  expect_like_zeek(kMissingSyn);
}
TEST(ZeekTrace, HttpOnIrcPortFlipsOnSynAck) {
  expect_like_zeek(kHttpOnIrcPort);
}
TEST(ZeekTrace, ImagePostFlipsOnSynAck) {
  expect_like_zeek(kImagePost);
}
TEST(ZeekTrace, Pop3RejectsAndSessions) {
  expect_like_zeek(kPop3);
}
TEST(ZeekTrace, SshHalfDuplexAttemptsTimeOut) {
  expect_like_zeek(kSshHalfDuplex);
}
TEST(ZeekTrace, PortmapperUnansweredCalls) {
  expect_like_zeek(kPortmapper);
}
TEST(ZeekTrace, FtpAuthTlsEndsRSTR) {
  expect_like_zeek(kFtpAuthTls);
}
TEST(ZeekTrace, QinQUdp) {
  expect_like_zeek(kQinQ);
}
TEST(ZeekTrace, PppoeIcmpv6AndUdp) {
  expect_like_zeek(kPppoe);
}
TEST(ZeekTrace, UdpBroadcastIsNotFlipped) {
  // Zeek's test makes the source port a likely server port; a broadcast still keeps its sender.
  LikelyServerPorts ports = LikelyServerPorts::defaults();
  ports.add(Transport::udp, 40190);
  expect_like_zeek(kUdpBroadcast, ports);
}

TEST(ZeekTrace, BatchProcessingGivesTheSameConnections) {
  for (const Trace* trace : {&kSshHalfDuplex, &kPop3, &kFtpIpv6, &kPppoe}) {
    std::vector<DecodedPacket> packets;
    for (const TracePacket& t : trace->packets) packets.push_back(decoded(t));
    Recorder batch;
    batch.table.process(std::span<const DecodedPacket>(packets));
    batch.table.flush_all();
    const std::vector<Connection> single = run(*trace, LikelyServerPorts::defaults());
    ASSERT_EQ(batch.connections.size(), single.size());
    for (std::size_t i = 0; i < single.size(); ++i)
      EXPECT_EQ(describe(batch.connections[i]), describe(single[i]));
  }
}

TEST(ZeekTrace, HandshakeReorderWithoutServerPortsFlipsOnTheSyn) {
  // Zeek's core.connection_flipped test: no likely server ports, so the SYN-ACK opens the
  // connection from the server's side and the late SYN flips it.
  const std::vector<Connection> actual = run(kHandshakeReorder, LikelyServerPorts::none());
  ASSERT_EQ(actual.size(), 1u);
  EXPECT_EQ(actual[0].history.view(), "Hs^ADadFf");
  EXPECT_EQ(actual[0].orig.ip.to_string(), "141.142.228.5");
  EXPECT_EQ(actual[0].orig.port, 59856);
  EXPECT_EQ(actual[0].state, ZeekConnState::SF);
}

TEST(ZeekTrace, HandshakeReorderWithServerPortsFlipsAtOnce) {
  const std::vector<Connection> actual = run(kHandshakeReorder, LikelyServerPorts::defaults());
  ASSERT_EQ(actual.size(), 1u);
  EXPECT_EQ(actual[0].history.view(), "^hSADadFf");
  EXPECT_EQ(actual[0].orig.port, 59856);
  EXPECT_EQ(actual[0].state, ZeekConnState::SF);
  EXPECT_EQ(actual[0].orig_bytes, 136u);
  EXPECT_EQ(actual[0].resp_bytes, 5007u);
}

}  // namespace
}  // namespace iotscope::flows_test
