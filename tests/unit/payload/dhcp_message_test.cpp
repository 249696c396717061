#include "payload/dhcp_message.hpp"

#include <gtest/gtest.h>

#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

TEST(DhcpMessage, DiscoverWithParameterListMatchesZeek) {
  const auto message = parse_dhcp_message(read_sample("dhcp_discover_0.bin"));
  ASSERT_TRUE(message.ok()) << message.error().message();
  EXPECT_EQ(dhcp_message_type_name(*message->message_type), "DISCOVER");
  EXPECT_EQ(message->client_mac, "00:0b:82:01:fc:42");
  EXPECT_EQ(message->host_name, "test0000");
  EXPECT_EQ(message->requested_address, "208.67.222.222");
  EXPECT_EQ(message->parameter_request_list, "1,3,6,42");
}

TEST(DhcpMessage, AllMessageTypesOfTheExchange) {
  const std::vector<std::string> expected = {"DISCOVER", "OFFER",   "REQUEST", "NAK",   "REQUEST",
                                             "ACK",      "DECLINE", "RELEASE", "INFORM"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto message = parse_dhcp_message(read_sample("dhcp_" + std::to_string(i) + ".bin"));
    ASSERT_TRUE(message.ok()) << i << ": " << message.error().message();
    ASSERT_TRUE(message->message_type.has_value());
    EXPECT_EQ(dhcp_message_type_name(*message->message_type), expected[i]);
    EXPECT_EQ(message->client_mac, "90:b1:1c:99:49:29");
  }
  const auto discover = parse_dhcp_message(read_sample("dhcp_0.bin"));
  EXPECT_EQ(discover->host_name, "btest.is.cool");
  const auto offer = parse_dhcp_message(read_sample("dhcp_1.bin"));
  EXPECT_EQ(offer->vendor_class, "ArubaAP");
  // dhcp.log assigned_addr 128.2.6.189 comes from the ACK.
  const auto ack = parse_dhcp_message(read_sample("dhcp_5.bin"));
  EXPECT_EQ(ack->your_address, "128.2.6.189");
}

TEST(DhcpMessage, TruncatedAndCorruptFail) {
  const auto bytes = read_sample("dhcp_discover_0.bin");
  EXPECT_FALSE(parse_dhcp_message(ByteSpan(bytes).first(100)).ok());
  EXPECT_FALSE(parse_dhcp_message(ByteSpan(bytes).first(238)).ok());
  std::vector<std::uint8_t> bad_cookie = bytes;
  bad_cookie[236] = 0;
  const auto result = parse_dhcp_message(bad_cookie);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().offset, 236u);
  // An option whose length runs past the end.
  std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + 240);
  cut.insert(cut.end(), {12, 50, 'a', 'b'});
  EXPECT_FALSE(parse_dhcp_message(cut).ok());
}

}  // namespace
}  // namespace iotscope
