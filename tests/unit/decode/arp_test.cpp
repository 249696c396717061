#include <gtest/gtest.h>

#include "capture_file.hpp"
#include "frame_builder.hpp"

namespace iotscope::testing {
namespace {

TEST(Arp, WhoHasAndReply) {
  const DecodedCapture decoded = decode_file("arp-who-has.pcap");
  const std::vector<DecodedPacket>& packets = decoded.packets;
  ASSERT_EQ(packets.size(), 2U);
  const DecodedPacket& request = packets[0];
  EXPECT_EQ(request.kind, PacketKind::arp);
  EXPECT_EQ(request.arp.operation, 1);
  EXPECT_EQ(mac_text(request.arp.sender_mac), "78:31:c1:c6:3f:c2");
  EXPECT_EQ(request.arp.sender_ip.to_string(), "10.0.0.2");
  EXPECT_EQ(mac_text(request.arp.target_mac), "00:00:00:00:00:00");
  EXPECT_EQ(request.arp.target_ip.to_string(), "10.0.0.1");
  EXPECT_EQ(mac_text(request.dst_mac), "ff:ff:ff:ff:ff:ff");
  const DecodedPacket& reply = packets[1];
  EXPECT_EQ(reply.kind, PacketKind::arp);
  EXPECT_EQ(reply.arp.operation, 2);
  EXPECT_EQ(mac_text(reply.arp.sender_mac), "f8:ed:a5:c0:a4:f1");
  EXPECT_EQ(reply.arp.sender_ip.to_string(), "10.0.0.1");
  EXPECT_EQ(reply.arp.target_ip.to_string(), "10.0.0.2");
  EXPECT_TRUE(reply.src_ip.is_unset());
}

TEST(Arp, TruncatedAndForeignArp) {
  const Bytes header = FrameBuilder().be16(1).be16(0x0800).u8(6).u8(4).be16(1).build();
  const DecodedPacket cut =
      decode_frame(link_type::ethernet, concat({ethernet_header(0x0806), header, Bytes(10, 0)}));
  EXPECT_EQ(cut.kind, PacketKind::malformed);
  EXPECT_STREQ(cut.issue, "truncated ARP addresses");
  const Bytes rarp = FrameBuilder().be16(1).be16(0x0800).u8(6).u8(4).be16(3).fill(20).build();
  EXPECT_EQ(decode_frame(link_type::ethernet, concat({ethernet_header(0x0806), rarp})).kind,
            PacketKind::non_ip);
  EXPECT_STREQ(
      decode_frame(link_type::ethernet, concat({ethernet_header(0x0806), Bytes(4, 0)})).issue,
      "truncated ARP header");
}

}  // namespace
}  // namespace iotscope::testing
