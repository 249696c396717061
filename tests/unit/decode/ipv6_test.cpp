// IPv6: extension header chains, reassembly of fragmented DNS, ICMPv6 neighbor discovery.
#include <gtest/gtest.h>

#include "capture_file.hpp"
#include "frame_builder.hpp"

namespace iotscope::testing {
namespace {

TEST(Ipv6, FragmentedDnsResponseIsReassembled) {
  const CaptureFile capture = read_capture("ipv6-fragmented-dns.pcap");
  ASSERT_EQ(capture.frames.size(), 8U);
  PacketDecoder decoder(capture.link_type);
  DecodedPacket out;
  std::vector<PacketKind> kinds;
  for (const CapturedFrame& frame : capture.frames) {
    kinds.push_back(decoder.decode(frame.bytes, frame.ts_ns, frame.wire_length, out));
    if (kinds.size() == 1) {
      EXPECT_EQ(out.src_ip.to_string(), "2001:470:1f11:81f:d138:5f55:6d4:1fe2");
      EXPECT_EQ(out.dst_ip.to_string(), "2607:f740:b::f93");
      EXPECT_EQ(out.src_port, 51850);
      EXPECT_EQ(out.dst_port, 53);
      EXPECT_EQ(out.payload_length, 73U);
      EXPECT_EQ(out.ttl, 64);
    }
  }
  // Frame 4 is the tail of a datagram whose head was never captured.
  const std::vector<PacketKind> expected = {
      PacketKind::ip, PacketKind::ip,       PacketKind::ip,       PacketKind::fragment,
      PacketKind::ip, PacketKind::fragment, PacketKind::fragment, PacketKind::ip};
  EXPECT_EQ(kinds, expected);
  // The last decode completed the datagram (tshark: reassembled length 3238, udp.length 3238).
  EXPECT_TRUE(out.reassembled);
  EXPECT_EQ(out.ip_protocol, ip_protocol::udp);
  EXPECT_EQ(out.src_port, 53);
  EXPECT_EQ(out.dst_port, 51851);
  EXPECT_EQ(out.ttl, 53);
  EXPECT_EQ(out.ip_length, 40U + 3238U);
  EXPECT_EQ(out.payload_length, 3230U);
  ASSERT_EQ(out.payload.size(), 3230U);
  EXPECT_EQ(out.payload[0], 0x9f);  // DNS id 0x9f91, as in the query
  EXPECT_EQ(out.payload[1], 0x91);
  // The rebuilt packet: fixed header naming UDP directly, payload length 3238, then the data.
  ASSERT_EQ(out.ip_packet.size(), 3278U);
  EXPECT_EQ(out.ip_packet[0] >> 4, 6);
  EXPECT_EQ((out.ip_packet[4] << 8) | out.ip_packet[5], 3238);
  EXPECT_EQ(out.ip_packet[6], ip_protocol::udp);
  EXPECT_EQ(out.payload.data(), out.ip_packet.data() + 48);
  EXPECT_EQ(decoder.reassembler().active_reassemblies(), 1U);  // the orphan tail of id 1
}

TEST(Ipv6, RouterAdvertisement) {
  const DecodedCapture decoded = decode_file("icmp_nd_dnssl.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 2U);
  const DecodedPacket& ra = packets[0];
  EXPECT_EQ(ra.kind, PacketKind::ip);
  EXPECT_EQ(ra.ip_version, 6);
  EXPECT_EQ(ra.src_ip.to_string(), "201:400:102:831::");
  EXPECT_EQ(ra.dst_ip.to_string(), "201:400:102:832::");
  EXPECT_EQ(ra.ttl, 255);
  EXPECT_EQ(ra.ip_protocol, ip_protocol::icmpv6);
  EXPECT_EQ(ra.icmp_type, 134);
  EXPECT_EQ(ra.icmp_code, 0);
  EXPECT_EQ(ra.src_port, 134);
  EXPECT_EQ(ra.ip_length, 312U);
  EXPECT_EQ(ra.payload_length, 264U);
  EXPECT_EQ(packets[1].payload_length, 272U);
}

Bytes ethernet_ipv6(std::uint8_t next, const Bytes& rest) {
  return concat(
      {ethernet_header(0x86dd), ipv6_header(next, static_cast<std::uint16_t>(rest.size())), rest});
}

// A generic extension header of 8 bytes.
Bytes extension(std::uint8_t next) {
  return FrameBuilder().u8(next).u8(0).fill(6).build();
}

TEST(Ipv6, ExtensionChainDownToTcp) {
  const Bytes frame = ethernet_ipv6(
      0, concat({extension(43), extension(60), extension(51),
                 FrameBuilder().u8(6).u8(1).fill(10).build(),  // AH: (1 + 2) * 4 = 12 bytes
                 tcp_header(1234, 443, tcp_flag::syn), Bytes(5, 0x61)}));
  const DecodedPacket p = decode_frame(link_type::ethernet, frame);
  ASSERT_EQ(p.kind, PacketKind::ip) << (p.issue != nullptr ? p.issue : "");
  EXPECT_EQ(p.ip_protocol, ip_protocol::tcp);
  EXPECT_EQ(p.dst_port, 443);
  EXPECT_EQ(p.tcp_flags, tcp_flag::syn);
  EXPECT_EQ(p.payload_length, 5U);
  EXPECT_EQ(p.ip_length, 40U + 8 + 8 + 8 + 12 + 20 + 5);
}

TEST(Ipv6, EspAndNoNextHeaderStop) {
  const DecodedPacket esp =
      decode_frame(link_type::ethernet, ethernet_ipv6(0, concat({extension(50), Bytes(24, 1)})));
  EXPECT_EQ(esp.kind, PacketKind::ip);
  EXPECT_EQ(esp.ip_protocol, 50);
  EXPECT_EQ(esp.payload_length, 24U);
  EXPECT_EQ(esp.src_port, 0);
  const DecodedPacket none = decode_frame(link_type::ethernet, ethernet_ipv6(59, {}));
  EXPECT_EQ(none.kind, PacketKind::ip);
  EXPECT_EQ(none.ip_protocol, 59);
  EXPECT_EQ(none.payload_length, 0U);
}

TEST(Ipv6, ExtensionHeaderBeyondThePayloadIsMalformed) {
  Bytes rest = FrameBuilder().u8(17).u8(4).fill(6).build();  // claims 40 bytes, has 8
  const DecodedPacket p = decode_frame(link_type::ethernet, ethernet_ipv6(0, rest));
  EXPECT_EQ(p.kind, PacketKind::malformed);
  EXPECT_STREQ(p.issue, "IPv6 extension header beyond the payload length");
}

TEST(Ipv6, PayloadLengthBeyondTheFrameIsMalformed) {
  Bytes frame = ethernet_ipv6(17, udp_header(1, 2, 8));
  frame[14 + 5] = 200;
  EXPECT_STREQ(decode_frame(link_type::ethernet, frame).issue,
               "IPv6 payload length beyond the frame");
  Bytes short_frame = frame;
  short_frame.resize(14 + 30);
  EXPECT_STREQ(decode_frame(link_type::ethernet, short_frame).issue, "truncated IPv6 header");
}

TEST(Ipv6, FragmentsWithAnExtensionInTheFragmentablePart) {
  // Destination options then UDP inside the fragmentable part, split into 16 + 24 bytes.
  const Bytes fragmentable = concat({extension(17), udp_header(9, 10, 32), Bytes(24, 0x42)});
  ASSERT_EQ(fragmentable.size(), 40U);
  const auto fragment = [&](std::uint16_t offset, bool more, std::size_t begin, std::size_t end) {
    return ethernet_ipv6(44,
                         concat({FrameBuilder()
                                     .u8(60)
                                     .u8(0)
                                     .be16(static_cast<std::uint16_t>(offset | (more ? 1 : 0)))
                                     .be32(99)
                                     .build(),
                                 Bytes(fragmentable.begin() + static_cast<std::ptrdiff_t>(begin),
                                       fragmentable.begin() + static_cast<std::ptrdiff_t>(end))}));
  };
  PacketDecoder decoder(link_type::ethernet);
  DecodedPacket out;
  const Bytes second = fragment(16, false, 16, 40);
  const Bytes first = fragment(0, true, 0, 16);
  EXPECT_EQ(decoder.decode(second, 1, static_cast<std::uint32_t>(second.size()), out),
            PacketKind::fragment);
  EXPECT_EQ(decoder.decode(first, 2, static_cast<std::uint32_t>(first.size()), out),
            PacketKind::ip);
  EXPECT_TRUE(out.reassembled);
  EXPECT_EQ(out.ip_protocol, ip_protocol::udp);
  EXPECT_EQ(out.src_port, 9);
  EXPECT_EQ(out.payload_length, 24U);
  EXPECT_EQ(out.ip_length, 80U);  // 40 + 40, without the fragment header
  ASSERT_EQ(out.payload.size(), 24U);
  EXPECT_EQ(out.payload[23], 0x42);
  ASSERT_EQ(out.ip_packet.size(), 80U);
  EXPECT_EQ(out.ip_packet[6], 60);  // the fixed header now names the destination options
  EXPECT_EQ(out.ip_packet[40], 17);
  EXPECT_EQ(out.ip_packet[5], 40);
}

TEST(Ipv6, AtomicFragmentNeedsNoReassembly) {
  const Bytes frame = ethernet_ipv6(
      44, concat({FrameBuilder().u8(17).u8(0).be16(0).be32(5).build(), udp_header(7, 8, 8)}));
  const DecodedPacket p = decode_frame(link_type::ethernet, frame);
  EXPECT_EQ(p.kind, PacketKind::ip);
  EXPECT_EQ(p.dst_port, 8);
  EXPECT_FALSE(p.reassembled);
}

}  // namespace
}  // namespace iotscope::testing
