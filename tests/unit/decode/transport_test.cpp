// TCP and UDP header lengths against the IP payload they sit in.
#include <gtest/gtest.h>

#include "frame_builder.hpp"

namespace iotscope::testing {
namespace {

Bytes ipv4_over_ethernet(std::uint8_t protocol, const Bytes& transport) {
  Ipv4Fields ip;
  ip.protocol = protocol;
  ip.total_length = static_cast<std::uint16_t>(20 + transport.size());
  return concat({ethernet_header(0x0800), ipv4_header(ip), transport});
}

DecodedPacket decode_tcp(const Bytes& tcp) {
  return decode_frame(link_type::ethernet, ipv4_over_ethernet(ip_protocol::tcp, tcp));
}

TEST(Transport, TcpWithOptionsAndPayload) {
  const DecodedPacket p =
      decode_tcp(concat({tcp_header(80, 5000, tcp_flag::ack | tcp_flag::fin, 8), Bytes(10, 7)}));
  ASSERT_EQ(p.kind, PacketKind::ip);
  EXPECT_EQ(p.src_port, 80);
  EXPECT_EQ(p.tcp_flags, tcp_flag::ack | tcp_flag::fin);
  EXPECT_EQ(p.tcp_seq, 1000U);
  EXPECT_EQ(p.tcp_ack, 2000U);
  EXPECT_EQ(p.tcp_window, 512);
  EXPECT_EQ(p.payload_length, 10U);
  EXPECT_EQ(p.payload.size(), 10U);
}

TEST(Transport, TcpDataOffsetBelowFiveIsMalformed) {
  const DecodedPacket p = decode_tcp(tcp_header(1, 2, tcp_flag::syn, 4));
  EXPECT_EQ(p.kind, PacketKind::malformed);
  EXPECT_STREQ(p.issue, "TCP data offset below 5");
}

TEST(Transport, TcpDataOffsetBeyondThePacketIsMalformed) {
  Bytes tcp = tcp_header(1, 2, tcp_flag::syn);
  tcp[12] = 0xf0;  // 60-byte header in a 20-byte segment
  EXPECT_STREQ(decode_tcp(tcp).issue, "TCP data offset beyond the IP payload");
}

TEST(Transport, TcpHeaderLongerThanIpPayloadIsMalformed) {
  const Bytes tcp(12, 0);
  EXPECT_STREQ(decode_tcp(tcp).issue, "TCP header longer than IP payload");
}

TEST(Transport, SnapCutTcpKeepsTheDeclaredLength) {
  const Bytes frame = ipv4_over_ethernet(ip_protocol::tcp,
                                         concat({tcp_header(1, 2, tcp_flag::ack), Bytes(500, 1)}));
  const Bytes cut(frame.begin(), frame.begin() + 14 + 20 + 20 + 100);
  const DecodedPacket p =
      decode_frame(link_type::ethernet, cut, static_cast<std::uint32_t>(frame.size()));
  EXPECT_EQ(p.kind, PacketKind::ip);
  EXPECT_EQ(p.payload_length, 500U);
  EXPECT_EQ(p.payload.size(), 100U);
  EXPECT_EQ(p.wire_length, frame.size());
  EXPECT_EQ(p.captured_length, cut.size());
  const Bytes header_cut(frame.begin(), frame.begin() + 14 + 20 + 10);
  EXPECT_STREQ(
      decode_frame(link_type::ethernet, header_cut, static_cast<std::uint32_t>(frame.size())).issue,
      "truncated TCP header");
}

TEST(Transport, UdpLengthMustFitTheIpPayload) {
  const auto udp = [](std::uint16_t length) {
    return decode_frame(
        link_type::ethernet,
        ipv4_over_ethernet(ip_protocol::udp, concat({udp_header(1, 2, length), Bytes(12, 0)})));
  };
  EXPECT_EQ(udp(20).payload_length, 12U);
  // A UDP length shorter than the IP payload leaves trailing bytes out of the payload.
  EXPECT_EQ(udp(10).payload_length, 2U);
  EXPECT_EQ(udp(10).payload.size(), 2U);
  EXPECT_STREQ(udp(7).issue, "UDP length below 8");
  EXPECT_STREQ(udp(21).issue, "UDP length beyond the IP payload");
}

TEST(Transport, IcmpShorterThanItsHeaderIsMalformed) {
  const DecodedPacket p =
      decode_frame(link_type::ethernet, ipv4_over_ethernet(ip_protocol::icmp, Bytes{3, 1, 0, 0}));
  EXPECT_STREQ(p.issue, "ICMP header longer than IP payload");
  const DecodedPacket unreachable =
      decode_frame(link_type::ethernet,
                   ipv4_over_ethernet(ip_protocol::icmp, concat({Bytes{3, 1}, Bytes(34, 0)})));
  EXPECT_EQ(unreachable.icmp_type, 3);
  EXPECT_EQ(unreachable.icmp_code, 1);
  EXPECT_EQ(unreachable.dst_port, 1);
  EXPECT_EQ(unreachable.payload_length, 28U);
}

}  // namespace
}  // namespace iotscope::testing
