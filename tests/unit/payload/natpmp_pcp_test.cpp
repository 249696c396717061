#include <gtest/gtest.h>

#include "payload/natpmp_message.hpp"
#include "payload/pcp_message.hpp"

namespace iotscope {
namespace {

// Built by hand from RFC 6886 section 3.
TEST(NatPmpMessage, ExternalAddressRequestAndResponse) {
  const std::vector<std::uint8_t> request = {0, 0};
  const auto parsed = parse_natpmp_message(request);
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->is_response);
  EXPECT_EQ(parsed->operation, NatPmpOperation::external_address);
  const std::vector<std::uint8_t> response = {0, 128, 0, 0, 0, 0, 0x0E, 0x10, 203, 0, 113, 7};
  const auto answer = parse_natpmp_message(response);
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->is_response);
  EXPECT_EQ(answer->seconds_since_epoch, 3600u);
  EXPECT_EQ(answer->external_address, "203.0.113.7");
}

TEST(NatPmpMessage, MapTcpRequestAndResponse) {
  const std::vector<std::uint8_t> request = {0, 2, 0, 0, 0x1F, 0x90, 0x1F, 0x90, 0, 0, 0x1C, 0x20};
  const auto parsed = parse_natpmp_message(request);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->operation, NatPmpOperation::map_tcp);
  EXPECT_EQ(parsed->internal_port, 8080);
  EXPECT_EQ(parsed->external_port, 8080);
  EXPECT_EQ(parsed->lifetime, 7200u);
  const std::vector<std::uint8_t> response = {0,    129,  0,    2,    0, 0, 0,    5,
                                              0x13, 0x88, 0xC3, 0x50, 0, 0, 0x0E, 0x10};
  const auto answer = parse_natpmp_message(response);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->operation, NatPmpOperation::map_udp);
  EXPECT_EQ(answer->result_code, 2);  // not authorized
  EXPECT_EQ(answer->internal_port, 5000);
  EXPECT_EQ(answer->external_port, 50000);
  EXPECT_EQ(answer->lifetime, 3600u);
}

TEST(NatPmpMessage, TruncatedOrWrongVersionFails) {
  const std::vector<std::uint8_t> request = {0, 2, 0, 0, 0x1F, 0x90, 0x1F, 0x90, 0, 0, 0x1C, 0x20};
  for (std::size_t size = 0; size < request.size(); ++size) {
    EXPECT_FALSE(parse_natpmp_message(std::span(request).first(size)).ok()) << size;
  }
  EXPECT_FALSE(parse_natpmp_message(std::vector<std::uint8_t>{2, 1}).ok());
  EXPECT_FALSE(parse_natpmp_message(std::vector<std::uint8_t>{0, 3}).ok());
}

std::vector<std::uint8_t> pcp_map_request() {
  std::vector<std::uint8_t> m = {2, 1, 0, 0, 0, 0, 0x1C, 0x20};  // version, MAP, lifetime 7200
  const std::vector<std::uint8_t> client = {0, 0, 0,    0,    0,   0,   0, 0,
                                            0, 0, 0xFF, 0xFF, 192, 168, 1, 23};
  m.insert(m.end(), client.begin(), client.end());
  m.insert(m.end(), 12, 0x5A);                               // nonce
  m.insert(m.end(), {17, 0, 0, 0, 0x04, 0xD2, 0x04, 0xD2});  // UDP, 1234 -> 1234
  m.insert(m.end(), 16, 0);                                  // no suggested external address
  return m;
}

// Built by hand from RFC 6887 sections 7.1, 11.1 and 12.1.
TEST(PcpMessage, MapRequest) {
  const auto parsed = parse_pcp_message(pcp_map_request());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_FALSE(parsed->is_response);
  EXPECT_EQ(parsed->opcode, PcpOpcode::map);
  EXPECT_EQ(parsed->lifetime, 7200u);
  EXPECT_EQ(parsed->client_address, "192.168.1.23");
  EXPECT_EQ(parsed->protocol, 17);
  EXPECT_EQ(parsed->internal_port, 1234);
  EXPECT_EQ(parsed->external_port, 1234);
  EXPECT_EQ(parsed->external_address, "::");
}

TEST(PcpMessage, PeerResponse) {
  std::vector<std::uint8_t> m = {2, 0x82, 0, 0, 0, 0, 0x0E, 0x10, 0, 0, 0, 99};
  m.insert(m.end(), 12, 0);                                 // reserved
  m.insert(m.end(), 12, 0x11);                              // nonce
  m.insert(m.end(), {6, 0, 0, 0, 0x00, 0x50, 0xC3, 0x50});  // TCP 80 -> 50000
  m.insert(m.end(), {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 198, 51, 100, 2});
  m.insert(m.end(), {0x01, 0xBB, 0, 0});  // remote port 443
  m.insert(m.end(), {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  const auto parsed = parse_pcp_message(m);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_TRUE(parsed->is_response);
  EXPECT_EQ(parsed->opcode, PcpOpcode::peer);
  EXPECT_EQ(parsed->result_code, 0);
  EXPECT_EQ(parsed->lifetime, 3600u);
  EXPECT_EQ(parsed->epoch_time, 99u);
  EXPECT_EQ(parsed->external_address, "198.51.100.2");
  EXPECT_EQ(parsed->external_port, 50000);
  EXPECT_EQ(parsed->remote_peer_port, 443);
  EXPECT_EQ(parsed->remote_peer_address, "2001:db8::1");
  for (std::size_t size = 0; size < m.size(); ++size) {
    EXPECT_FALSE(parse_pcp_message(std::span(m).first(size)).ok()) << size;
  }
}

TEST(PcpMessage, WrongVersionFails) {
  auto m = pcp_map_request();
  m[0] = 0;  // NAT-PMP on the same port
  const auto parsed = parse_pcp_message(m);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message(), "byte 0: expected PCP version 2");
}

}  // namespace
}  // namespace iotscope
