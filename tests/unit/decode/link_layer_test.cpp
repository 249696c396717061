// Link types and encapsulations: VLAN/QinQ, PPPoE, 802.3 LLC, cooked captures, raw IP,
// loopback and 802.11 with radiotap. Trace facts were read once with tshark.
#include <gtest/gtest.h>

#include "capture_file.hpp"
#include "frame_builder.hpp"

namespace iotscope::testing {
namespace {

TEST(LinkLayer, QinQTraceCarriesBothTagsDownToUdpAndArp) {
  const DecodedCapture decoded = decode_file("q-in-q.pcap");
  ASSERT_EQ(decoded.capture.link_type, link_type::ethernet);
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 5U);
  const DecodedPacket& bacnet = packets[0];
  EXPECT_EQ(bacnet.kind, PacketKind::ip);
  EXPECT_EQ(bacnet.vlan_outer, 13);
  EXPECT_EQ(bacnet.vlan_inner, 10);
  EXPECT_TRUE(bacnet.has_macs);
  EXPECT_EQ(mac_text(bacnet.src_mac), "00:c0:e4:01:2c:ed");
  EXPECT_EQ(mac_text(bacnet.dst_mac), "ff:ff:ff:ff:ff:ff");
  EXPECT_EQ(bacnet.src_ip.to_string(), "172.19.51.37");
  EXPECT_EQ(bacnet.dst_ip.to_string(), "172.19.51.63");
  EXPECT_EQ(bacnet.ip_protocol, ip_protocol::udp);
  EXPECT_EQ(bacnet.src_port, 47808);
  EXPECT_EQ(bacnet.dst_port, 47808);
  EXPECT_EQ(bacnet.ip_length, 46U);
  EXPECT_EQ(bacnet.payload_length, 18U);
  EXPECT_EQ(bacnet.payload.size(), 18U);
  EXPECT_EQ(bacnet.wire_length, 68U);
  EXPECT_EQ(bacnet.captured_length, 68U);

  const DecodedPacket& sap = packets[2];
  EXPECT_EQ(sap.dst_ip.to_string(), "224.2.127.254");
  EXPECT_EQ(sap.src_port, 9875);
  EXPECT_EQ(sap.ttl, 5);
  EXPECT_EQ(sap.payload_length, 276U);  // udp.length 284 - 8
  EXPECT_EQ(sap.ip_length, 304U);

  const DecodedPacket& arp = packets[4];
  EXPECT_EQ(arp.kind, PacketKind::arp);
  EXPECT_EQ(arp.vlan_outer, 13);
  EXPECT_EQ(arp.vlan_inner, 10);
  EXPECT_EQ(arp.arp.sender_ip.to_string(), "128.2.46.227");
  EXPECT_EQ(arp.arp.target_ip.to_string(), "128.2.46.148");
}

TEST(LinkLayer, PriorityTaggedVlanZeroTcpSession) {
  const DecodedCapture decoded = decode_file("http-vlan-0.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 14U);
  const DecodedPacket& syn = packets[0];
  EXPECT_EQ(syn.kind, PacketKind::ip);
  EXPECT_EQ(syn.vlan_outer, 0);
  EXPECT_EQ(syn.src_ip.to_string(), "141.142.228.5");
  EXPECT_EQ(syn.dst_ip.to_string(), "192.150.187.43");
  EXPECT_EQ(syn.src_port, 59856);
  EXPECT_EQ(syn.dst_port, 80);
  EXPECT_EQ(syn.tcp_flags, tcp_flag::syn);
  EXPECT_EQ(syn.tcp_seq, 4263588410U);
  EXPECT_EQ(syn.tcp_window, 65535);
  EXPECT_EQ(syn.ip_length, 64U);
  EXPECT_EQ(syn.payload_length, 0U);

  const DecodedPacket& synack = packets[1];
  EXPECT_EQ(synack.tcp_flags, tcp_flag::syn | tcp_flag::ack);
  EXPECT_EQ(synack.tcp_seq, 2779762238U);
  EXPECT_EQ(synack.tcp_ack, 4263588411U);
  EXPECT_EQ(synack.tcp_window, 14480);

  const DecodedPacket& request = packets[3];
  EXPECT_EQ(request.tcp_flags, tcp_flag::psh | tcp_flag::ack);
  EXPECT_EQ(request.payload_length, 136U);
  ASSERT_EQ(request.payload.size(), 136U);
  EXPECT_EQ(std::string(request.payload.begin(), request.payload.begin() + 4), "GET ");

  EXPECT_EQ(packets[5].payload_length, 1448U);
  EXPECT_EQ(packets[8].payload_length, 663U);
  EXPECT_EQ(packets[11].tcp_flags, tcp_flag::fin | tcp_flag::ack);
}

TEST(LinkLayer, PppoeDiscoveryAndControlAreNonIpSessionIpv6IsDecoded) {
  const DecodedCapture decoded = decode_file("pppoe.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 65U);
  for (std::size_t i : {0U, 3U, 4U, 10U, 12U, 13U}) {
    EXPECT_EQ(packets[i].kind, PacketKind::non_ip) << "frame " << i + 1;
  }
  // Frame 22: MLDv2 report behind a hop-by-hop header.
  const DecodedPacket& mld = packets[21];
  EXPECT_EQ(mld.kind, PacketKind::ip);
  EXPECT_EQ(mld.ip_version, 6);
  EXPECT_EQ(mld.src_ip.to_string(), "fe80::c801:eff:fe88:8");
  EXPECT_EQ(mld.dst_ip.to_string(), "ff02::16");
  EXPECT_EQ(mld.ip_protocol, ip_protocol::icmpv6);
  EXPECT_EQ(mld.icmp_type, 143);
  EXPECT_EQ(mld.src_port, 143);
  EXPECT_EQ(mld.dst_port, 0);
  EXPECT_EQ(mld.ip_length, 76U);
  EXPECT_EQ(mld.payload_length, 20U);  // Zeek: 160 bytes over 8 packets
  EXPECT_EQ(mld.ip_packet.size(), 76U);
  EXPECT_EQ(mld.ip_packet.data(), decoded.capture.frames[21].bytes.data() + 14 + 8);

  const DecodedPacket& dhcp = packets[35];
  EXPECT_EQ(dhcp.ip_protocol, ip_protocol::udp);
  EXPECT_EQ(dhcp.src_port, 546);
  EXPECT_EQ(dhcp.dst_port, 547);
  EXPECT_EQ(dhcp.payload_length, 50U);  // ipv6.plen 58 - 8

  const DecodedPacket& echo = packets[53];
  EXPECT_EQ(echo.src_ip.to_string(), "fc00:0:2:100::1:1");
  EXPECT_EQ(echo.icmp_type, 128);
  EXPECT_EQ(echo.ip_length, 100U);
  EXPECT_EQ(echo.payload_length, 52U);  // Zeek: 260 bytes over 5 pings
  EXPECT_EQ(packets[54].icmp_type, 129);

  int ip = 0;
  for (const DecodedPacket& p : packets) ip += p.kind == PacketKind::ip ? 1 : 0;
  EXPECT_EQ(ip, 25);  // tshark: 25 frames with PPP protocol 0x0057
}

TEST(LinkLayer, SpanningTreeOverLlcIsNonIp) {
  const DecodedCapture decoded = decode_file("raw_packets.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 33U);
  for (std::size_t frame : {3U, 8U, 15U, 33U}) {
    EXPECT_EQ(packets[frame - 1].kind, PacketKind::non_ip) << "frame " << frame;
    EXPECT_EQ(packets[frame - 1].issue, nullptr);
  }
}

TEST(LinkLayer, FrameShorterThanEthernetHeaderIsMalformed) {
  const DecodedCapture decoded = decode_file("trunc-hdr.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 1U);
  EXPECT_EQ(packets[0].kind, PacketKind::malformed);
  EXPECT_STREQ(packets[0].issue, "truncated Ethernet header");
}

Bytes udp_datagram() {
  return concat({ipv4_header({}), udp_header(5353, 5353, 8)});
}

void expect_udp_datagram(const DecodedPacket& p) {
  EXPECT_EQ(p.kind, PacketKind::ip) << (p.issue != nullptr ? p.issue : "");
  EXPECT_EQ(p.src_ip.to_string(), "192.168.0.1");
  EXPECT_EQ(p.dst_ip.to_string(), "192.168.0.2");
  EXPECT_EQ(p.src_port, 5353);
  EXPECT_EQ(p.payload_length, 0U);
}

TEST(LinkLayer, LinuxCookedV1KeepsTheSenderMac) {
  const Bytes frame = concat({FrameBuilder()
                                  .be16(0)  // sent to us
                                  .be16(1)  // ARPHRD_ETHER
                                  .be16(6)  // address length
                                  .bytes({0xaa, 0xbb, 0xcc, 0x01, 0x02, 0x03, 0, 0})
                                  .be16(0x0800)
                                  .build(),
                              udp_datagram()});
  const DecodedPacket p = decode_frame(link_type::linux_sll, frame);
  expect_udp_datagram(p);
  EXPECT_FALSE(p.has_macs);
  EXPECT_EQ(mac_text(p.src_mac), "aa:bb:cc:01:02:03");
}

TEST(LinkLayer, LinuxCookedV2) {
  const Bytes frame = concat({FrameBuilder()
                                  .be16(0x86dd)
                                  .be16(0)
                                  .be32(3)  // interface index
                                  .be16(1)
                                  .u8(4)  // outgoing
                                  .u8(6)
                                  .bytes({0xaa, 0xbb, 0xcc, 0x01, 0x02, 0x04, 0, 0})
                                  .build(),
                              ipv6_header(ip_protocol::udp, 8), udp_header(1, 2, 8)});
  const DecodedPacket p = decode_frame(link_type::linux_sll2, frame);
  EXPECT_EQ(p.kind, PacketKind::ip);
  EXPECT_EQ(p.src_ip.to_string(), "fe80::1");
  EXPECT_EQ(p.dst_port, 2);
  EXPECT_EQ(mac_text(p.src_mac), "aa:bb:cc:01:02:04");
}

TEST(LinkLayer, RawIpLinkTypesPickTheVersionFromTheHeader) {
  for (int type :
       {link_type::raw_ip, link_type::raw_ip_dlt12, link_type::raw_ip_dlt14, link_type::ipv4}) {
    const DecodedPacket p = decode_frame(type, udp_datagram());
    expect_udp_datagram(p);
    EXPECT_FALSE(p.has_macs);
  }
  const Bytes v6 = concat({ipv6_header(ip_protocol::udp, 8), udp_header(1, 2, 8)});
  EXPECT_EQ(decode_frame(link_type::raw_ip, v6).ip_version, 6);
  EXPECT_EQ(decode_frame(link_type::ipv6, v6).kind, PacketKind::ip);
  const DecodedPacket wrong = decode_frame(link_type::ipv6, udp_datagram());
  EXPECT_EQ(wrong.kind, PacketKind::malformed);
  EXPECT_STREQ(wrong.issue, "IP version does not match the link type");
  EXPECT_EQ(decode_frame(link_type::raw_ip, Bytes{0x50, 0, 0}).kind, PacketKind::malformed);
}

TEST(LinkLayer, NullLoopbackInEitherByteOrder) {
  expect_udp_datagram(decode_frame(link_type::null_loopback,
                                   concat({FrameBuilder().le32(2).build(), udp_datagram()})));
  expect_udp_datagram(decode_frame(link_type::null_loopback,
                                   concat({FrameBuilder().be32(2).build(), udp_datagram()})));
  const Bytes v6 = concat(
      {FrameBuilder().le32(30).build(), ipv6_header(ip_protocol::udp, 8), udp_header(1, 2, 8)});
  EXPECT_EQ(decode_frame(link_type::null_loopback, v6).ip_version, 6);
  EXPECT_EQ(decode_frame(link_type::null_loopback, FrameBuilder().le32(7).fill(20).build()).kind,
            PacketKind::non_ip);
}

// Radiotap with TSFT and Flags present; `flags` is the radiotap Flags byte.
Bytes radiotap_header(std::uint8_t flags) {
  return FrameBuilder()
      .u8(0)
      .u8(0)
      .le16(24)
      .le32(0x00000003)
      .fill(8)  // TSFT, already 8-aligned at offset 8
      .u8(flags)
      .fill(7)
      .build();
}

// An 802.11 data frame from a station to the AP (ToDS): DA is address 3, SA address 2.
Bytes wifi_data(std::uint8_t subtype, std::uint8_t flags) {
  FrameBuilder b;
  b.u8(static_cast<std::uint8_t>((subtype << 4) | (2 << 2))).u8(flags).be16(0);
  b.bytes({0x0a, 0, 0, 0, 0, 0x01});  // BSSID
  b.bytes({0x0a, 0, 0, 0, 0, 0x02});  // source
  b.bytes({0x0a, 0, 0, 0, 0, 0x03});  // destination
  b.le16(0x0010);                     // sequence 1, fragment 0
  if ((subtype & 0x08) != 0) b.le16(0);
  b.bytes({0xaa, 0xaa, 0x03, 0, 0, 0}).be16(0x0800);
  return b.build();
}

TEST(LinkLayer, RadiotapQosDataWithSnapIsDecoded) {
  const Bytes frame = concat({radiotap_header(0), wifi_data(8, 0x01), udp_datagram()});
  const DecodedPacket p = decode_frame(link_type::ieee802_11_radiotap, frame);
  expect_udp_datagram(p);
  EXPECT_TRUE(p.has_macs);
  EXPECT_EQ(mac_text(p.src_mac), "0a:00:00:00:00:02");
  EXPECT_EQ(mac_text(p.dst_mac), "0a:00:00:00:00:03");
  const Bytes plain = concat({radiotap_header(0), wifi_data(0, 0x01), udp_datagram()});
  expect_udp_datagram(decode_frame(link_type::ieee802_11_radiotap, plain));
}

TEST(LinkLayer, RadiotapFcsIsNotPayload) {
  const Bytes frame = concat(
      {radiotap_header(0x10), wifi_data(8, 0x01), udp_datagram(), Bytes{0xde, 0xad, 0xbe, 0xef}});
  expect_udp_datagram(decode_frame(link_type::ieee802_11_radiotap, frame));
}

TEST(LinkLayer, WifiManagementProtectedAndNullFramesAreNonIp) {
  const Bytes beacon = concat({radiotap_header(0), FrameBuilder().u8(0x80).u8(0).fill(40).build()});
  EXPECT_EQ(decode_frame(link_type::ieee802_11_radiotap, beacon).kind, PacketKind::non_ip);
  const Bytes ack = concat({radiotap_header(0), FrameBuilder().u8(0xd4).u8(0).fill(8).build()});
  EXPECT_EQ(decode_frame(link_type::ieee802_11_radiotap, ack).kind, PacketKind::non_ip);
  const Bytes protected_data = concat({radiotap_header(0), wifi_data(8, 0x41), udp_datagram()});
  EXPECT_EQ(decode_frame(link_type::ieee802_11_radiotap, protected_data).kind, PacketKind::non_ip);
  const Bytes null_data = concat({radiotap_header(0), wifi_data(12, 0x01)});
  EXPECT_EQ(decode_frame(link_type::ieee802_11_radiotap, null_data).kind, PacketKind::non_ip);
  const Bytes cut = concat({radiotap_header(0), FrameBuilder().u8(0x88).u8(1).fill(10).build()});
  EXPECT_EQ(decode_frame(link_type::ieee802_11_radiotap, cut).kind, PacketKind::malformed);
  const Bytes bad_length = FrameBuilder().u8(0).u8(0).le16(200).le32(0).build();
  EXPECT_STREQ(decode_frame(link_type::ieee802_11_radiotap, bad_length).issue,
               "radiotap length beyond the frame");
}

TEST(LinkLayer, SupportedLinkTypes) {
  for (int type : {0, 1, 12, 14, 101, 105, 108, 113, 127, 228, 229, 276}) {
    EXPECT_TRUE(is_supported_link_type(type)) << type;
  }
  for (int type : {6, 9, 50, 147, 192}) EXPECT_FALSE(is_supported_link_type(type)) << type;
  EXPECT_EQ(decode_frame(9, udp_datagram()).kind, PacketKind::malformed);
}

TEST(LinkLayer, TruncatedVlanTagAndEndlessTagStack) {
  const Bytes cut = concat({ethernet_header(0x8100), Bytes{0x00}});
  EXPECT_STREQ(decode_frame(link_type::ethernet, cut).issue, "truncated VLAN tag");
  FrameBuilder stack;
  stack.append(ethernet_header(0x8100));
  for (int i = 0; i < 12; ++i) stack.be16(1).be16(0x8100);
  EXPECT_STREQ(decode_frame(link_type::ethernet, stack.build()).issue,
               "too many stacked VLAN tags");
}

}  // namespace
}  // namespace iotscope::testing
