// IPv4 headers and their lengths: real traces for the normal cases, built frames for the
// malformed ones and for fragments.
#include <gtest/gtest.h>

#include "capture_file.hpp"
#include "frame_builder.hpp"

namespace iotscope::testing {
namespace {

TEST(Ipv4, TlsSessionFacts) {
  const DecodedCapture decoded = decode_file("tls1.2.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 22U);
  const DecodedPacket& syn = packets[0];
  EXPECT_EQ(syn.kind, PacketKind::ip);
  EXPECT_EQ(syn.ip_version, 4);
  EXPECT_EQ(syn.src_ip.to_string(), "10.0.0.80");
  EXPECT_EQ(syn.dst_ip.to_string(), "68.233.76.12");
  EXPECT_EQ(mac_text(syn.src_mac), "b8:f6:b1:16:11:6d");
  EXPECT_EQ(syn.src_port, 56637);
  EXPECT_EQ(syn.dst_port, 443);
  EXPECT_EQ(syn.tcp_seq, 1458420305U);
  EXPECT_EQ(syn.ttl, 64);
  const DecodedPacket& synack = packets[1];
  EXPECT_EQ(synack.ttl, 242);
  EXPECT_EQ(synack.tcp_seq, 551189327U);
  EXPECT_EQ(synack.tcp_ack, 1458420306U);
  EXPECT_EQ(synack.tcp_window, 4080);
  const DecodedPacket& hello = packets[3];
  EXPECT_EQ(hello.ip_length, 374U);
  EXPECT_EQ(hello.payload_length, 322U);
  ASSERT_EQ(hello.payload.size(), 322U);
  EXPECT_EQ(hello.payload[0], 0x16);  // TLS handshake record
  EXPECT_EQ(packets[4].payload_length, 1348U);
  EXPECT_EQ(packets[7].payload_length, 1231U);
}

TEST(Ipv4, HeaderWithOptionsIgmp) {
  const DecodedCapture decoded = decode_file("home-multicast-short.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 6U);
  const DecodedPacket& query = packets[0];
  EXPECT_EQ(query.kind, PacketKind::ip);
  EXPECT_EQ(query.ip_protocol, 2);  // IGMP, with a router-alert option (header 24 bytes)
  EXPECT_EQ(query.src_ip.to_string(), "192.168.0.1");
  EXPECT_EQ(query.dst_ip.to_string(), "224.0.0.1");
  EXPECT_EQ(query.ip_length, 46U);
  EXPECT_EQ(query.payload_length, 22U);
  EXPECT_EQ(query.payload.size(), 22U);  // the Ethernet padding is not payload
  EXPECT_EQ(query.ip_packet.size(), 46U);
  EXPECT_EQ(query.ip_packet.data(), decoded.capture.frames[0].bytes.data() + 14);
  EXPECT_EQ(query.src_port, 0);
  EXPECT_EQ(packets[2].payload_length, 24U);
  const DecodedPacket& mdns = packets[3];
  EXPECT_EQ(mdns.dst_port, 5353);
  EXPECT_EQ(mdns.payload_length, 45U);  // udp.length 53 - 8
}

TEST(Ipv4, IcmpEchoUsesZeekPortConvention) {
  const DecodedCapture decoded = decode_file("raw_packets.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  const DecodedPacket& request = packets[25];
  EXPECT_EQ(request.kind, PacketKind::ip);
  EXPECT_EQ(request.ip_protocol, ip_protocol::icmp);
  EXPECT_EQ(request.icmp_type, 8);
  EXPECT_EQ(request.icmp_code, 0);
  EXPECT_EQ(request.src_port, 8);
  EXPECT_EQ(request.dst_port, 0);
  EXPECT_EQ(request.ip_length, 84U);
  EXPECT_EQ(request.payload_length, 56U);
  EXPECT_EQ(packets[26].icmp_type, 0);
  const DecodedPacket& broadcast = packets[0];
  EXPECT_EQ(broadcast.dst_ip.to_string(), "255.255.255.255");
  EXPECT_EQ(broadcast.src_port, 40190);
  EXPECT_EQ(broadcast.dst_port, 7437);
  EXPECT_EQ(broadcast.payload_length, 173U);
}

TEST(Ipv4, TeredoTraceDecodesEveryFrame) {
  const DecodedCapture decoded = decode_file("Teredo.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 78U);
  int udp = 0;
  int tcp = 0;
  for (const DecodedPacket& p : packets) {
    ASSERT_EQ(p.kind, PacketKind::ip) << (p.issue != nullptr ? p.issue : "");
    udp += p.ip_protocol == ip_protocol::udp ? 1 : 0;
    tcp += p.ip_protocol == ip_protocol::tcp ? 1 : 0;
  }
  EXPECT_EQ(udp, 45);  // tshark: 45 UDP, 33 TCP
  EXPECT_EQ(tcp, 33);
  EXPECT_EQ(packets[5].dst_port, 3544);
  EXPECT_EQ(packets[5].payload_length, 77U);  // udp.length 85 - 8
}

Bytes ethernet_ipv4(const Ipv4Fields& ip, const Bytes& rest) {
  return concat({ethernet_header(0x0800), ipv4_header(ip), rest});
}

DecodedPacket decode_ethernet(const Bytes& frame, std::uint32_t wire = 0) {
  return decode_frame(link_type::ethernet, frame, wire);
}

TEST(Ipv4, TruncatedHeaderIsMalformed) {
  Bytes frame = ethernet_ipv4({}, {});
  frame.resize(14 + 12);
  const DecodedPacket p = decode_ethernet(frame);
  EXPECT_EQ(p.kind, PacketKind::malformed);
  EXPECT_STREQ(p.issue, "truncated IPv4 header");
}

TEST(Ipv4, HeaderLengthBelowFiveWordsIsMalformed) {
  Ipv4Fields ip;
  ip.ihl = 4;
  const DecodedPacket p = decode_ethernet(ethernet_ipv4(ip, udp_header(1, 2, 8)));
  EXPECT_STREQ(p.issue, "IPv4 header length below 20");
}

TEST(Ipv4, OptionsCutByTheCaptureAreMalformed) {
  Ipv4Fields ip;
  ip.ihl = 15;
  Bytes frame = ethernet_ipv4(ip, {});
  frame.resize(14 + 40);
  EXPECT_STREQ(decode_ethernet(frame).issue, "truncated IPv4 options");
}

TEST(Ipv4, TotalLengthBeyondTheWireIsMalformedButASnapCutIsNot) {
  Ipv4Fields ip;
  ip.total_length = 200;
  const Bytes frame = ethernet_ipv4(ip, udp_header(1, 2, 180));
  const DecodedPacket lie = decode_ethernet(frame);
  EXPECT_EQ(lie.kind, PacketKind::malformed);
  EXPECT_STREQ(lie.issue, "IPv4 total length beyond the frame");

  // Same bytes, but the wire had the whole datagram: the snap length cut it.
  const DecodedPacket cut = decode_ethernet(frame, 14 + 200);
  EXPECT_EQ(cut.kind, PacketKind::ip);
  EXPECT_EQ(cut.ip_length, 200U);
  EXPECT_EQ(cut.payload_length, 172U);
  EXPECT_EQ(cut.payload.size(), 0U);
}

TEST(Ipv4, TotalLengthBelowHeaderIsMalformed) {
  Ipv4Fields ip;
  ip.total_length = 12;
  EXPECT_STREQ(decode_ethernet(ethernet_ipv4(ip, udp_header(1, 2, 8))).issue,
               "IPv4 total length below its header length");
}

// A UDP datagram of `size` payload bytes counting up from 0, split at the given offsets.
struct Fragmented {
  Bytes datagram;  // UDP header + payload
  std::vector<Bytes> frames;
};

Fragmented fragment_udp(std::size_t payload, std::vector<std::pair<std::size_t, std::size_t>> cuts,
                        std::uint16_t id = 7) {
  Fragmented result;
  result.datagram = udp_header(4000, 53, static_cast<std::uint16_t>(payload + 8));
  for (std::size_t i = 0; i < payload; ++i) {
    result.datagram.push_back(static_cast<std::uint8_t>(i));
  }
  for (const auto& [begin, end] : cuts) {
    Ipv4Fields ip;
    ip.id = id;
    ip.total_length = static_cast<std::uint16_t>(20 + end - begin);
    const bool last = end == result.datagram.size();
    ip.fragment = static_cast<std::uint16_t>((last ? 0 : 0x2000) | (begin / 8));
    result.frames.push_back(
        ethernet_ipv4(ip, Bytes(result.datagram.begin() + static_cast<std::ptrdiff_t>(begin),
                                result.datagram.begin() + static_cast<std::ptrdiff_t>(end))));
  }
  return result;
}

void expect_reassembled(const DecodedPacket& p, const Fragmented& f) {
  ASSERT_EQ(p.kind, PacketKind::ip) << (p.issue != nullptr ? p.issue : "");
  EXPECT_TRUE(p.reassembled);
  EXPECT_EQ(p.src_port, 4000);
  EXPECT_EQ(p.dst_port, 53);
  EXPECT_EQ(p.ip_length, 20 + f.datagram.size());
  EXPECT_EQ(p.payload_length, f.datagram.size() - 8);
  ASSERT_EQ(p.payload.size(), f.datagram.size() - 8);
  EXPECT_TRUE(std::equal(p.payload.begin(), p.payload.end(), f.datagram.begin() + 8));
  // The rebuilt packet: header with the whole length and no fragment bits, then the data.
  ASSERT_EQ(p.ip_packet.size(), 20 + f.datagram.size());
  EXPECT_EQ(p.ip_packet[0], 0x45);
  EXPECT_EQ((p.ip_packet[2] << 8) | p.ip_packet[3], static_cast<int>(20 + f.datagram.size()));
  EXPECT_EQ(p.ip_packet[6] & 0x3f, 0);
  EXPECT_EQ(p.ip_packet[7], 0);
  EXPECT_TRUE(std::equal(f.datagram.begin(), f.datagram.end(), p.ip_packet.begin() + 20));
  EXPECT_EQ(p.payload.data(), p.ip_packet.data() + 28);
}

TEST(Ipv4, FragmentsReassembleInAnyOrder) {
  const Fragmented f = fragment_udp(1992, {{0, 800}, {800, 1600}, {1600, 2000}});
  for (const std::vector<std::size_t>& order :
       {std::vector<std::size_t>{0, 1, 2}, {2, 1, 0}, {1, 2, 0}}) {
    PacketDecoder decoder(link_type::ethernet);
    DecodedPacket out;
    for (std::size_t k = 0; k + 1 < order.size(); ++k) {
      const Bytes& frame = f.frames[order[k]];
      EXPECT_EQ(decoder.decode(frame, 1, static_cast<std::uint32_t>(frame.size()), out),
                PacketKind::fragment);
      EXPECT_EQ(out.src_ip.to_string(), "192.168.0.1");
    }
    const Bytes& last = f.frames[order.back()];
    decoder.decode(last, 2, static_cast<std::uint32_t>(last.size()), out);
    expect_reassembled(out, f);
    EXPECT_EQ(decoder.reassembler().active_reassemblies(), 0U);
  }
}

TEST(Ipv4, OverlappingFragmentsKeepTheFirstCopy) {
  Fragmented f = fragment_udp(1992, {{0, 1000}, {800, 1600}, {1600, 2000}});
  // The overlapping fragment carries different bytes for 800..1000; they must not win.
  Bytes& overlap = f.frames[1];
  for (std::size_t i = 14 + 20; i < 14 + 20 + 200; ++i) overlap[i] = 0xee;
  PacketDecoder decoder(link_type::ethernet);
  DecodedPacket out;
  for (const Bytes& frame : f.frames) {
    decoder.decode(frame, 1, static_cast<std::uint32_t>(frame.size()), out);
  }
  expect_reassembled(out, f);
}

TEST(Ipv4, DuplicatedFragmentIsHarmless) {
  const Fragmented f = fragment_udp(792, {{0, 400}, {0, 400}, {400, 800}});
  PacketDecoder decoder(link_type::ethernet);
  DecodedPacket out;
  for (const Bytes& frame : f.frames) {
    decoder.decode(frame, 1, static_cast<std::uint32_t>(frame.size()), out);
  }
  expect_reassembled(out, f);
}

TEST(Ipv4, BadFragmentsAreMalformed) {
  const Fragmented odd = fragment_udp(100, {{0, 60}, {60, 108}});  // 60 is not a multiple of 8
  DecodedPacket out = decode_ethernet(odd.frames[0]);
  EXPECT_STREQ(out.issue, "non-final fragment length not a multiple of 8");

  const Fragmented f = fragment_udp(992, {{0, 504}, {504, 1000}});
  Bytes cut = f.frames[0];
  cut.resize(cut.size() - 100);
  out = decode_ethernet(cut, static_cast<std::uint32_t>(f.frames[0].size()));
  EXPECT_STREQ(out.issue, "IPv4 fragment cut by the snap length");
}

TEST(Ipv4, FragmentFloodStaysUnderTheBound) {
  FragmentLimits limits;
  limits.max_reassemblies = 8;
  limits.max_datagram_bytes = 4096;
  PacketDecoder decoder(link_type::ethernet, limits);
  DecodedPacket out;
  for (std::uint16_t id = 0; id < 5000; ++id) {
    const Fragmented f = fragment_udp(992, {{0, 504}}, id);
    EXPECT_EQ(decoder.decode(f.frames[0], id, static_cast<std::uint32_t>(f.frames[0].size()), out),
              PacketKind::fragment);
  }
  const FragmentReassembler& r = decoder.reassembler();
  EXPECT_EQ(r.active_reassemblies(), 8U);
  EXPECT_LE(r.reserved_bytes(), r.memory_bound());
  EXPECT_LE(r.memory_bound(), 8U * (FragmentReassembler::kHeaderRoom + 4096 + 64));
  EXPECT_EQ(r.evicted(), 5000U - 8U);
  // A fragment whose datagram would pass the per-datagram limit is refused.
  const Fragmented big = fragment_udp(4992, {{4096, 5000}});
  decoder.decode(big.frames[0], 1, static_cast<std::uint32_t>(big.frames[0].size()), out);
  EXPECT_STREQ(out.issue, "fragment ends beyond the reassembly limit");
}

}  // namespace
}  // namespace iotscope::testing
