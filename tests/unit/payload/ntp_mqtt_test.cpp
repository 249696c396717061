#include <gtest/gtest.h>

#include "payload/mqtt_connect.hpp"
#include "payload/ntp_packet.hpp"
#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

TEST(NtpPacket, ClientAndServerModesMatchZeekNtpLog) {
  const auto client = parse_ntp_packet(read_sample("ntp_0.bin"));
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(client->version, 4);
  EXPECT_EQ(client->mode, ntp_mode::kClient);
  EXPECT_EQ(client->stratum, 2);
  const auto server = parse_ntp_packet(read_sample("ntp_1.bin"));
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server->mode, ntp_mode::kServer);
  EXPECT_EQ(server->stratum, 4);
}

TEST(NtpPacket, ControlAndPrivateModesMatchZeekLogs) {
  // ntp_control.log: version 2, mode 6, op codes 1, 2, 2; ntp_private.log: req codes 1, 42, 1.
  const std::vector<std::pair<std::string, int>> control = {
      {"ntpmode67_0.bin", 1}, {"ntpmode67_1.bin", 2}, {"ntpmode67_2.bin", 2}};
  for (const auto& [file, opcode] : control) {
    const auto packet = parse_ntp_packet(read_sample(file));
    ASSERT_TRUE(packet.ok()) << file;
    EXPECT_EQ(packet->version, 2);
    EXPECT_EQ(packet->mode, ntp_mode::kControl);
    EXPECT_EQ(packet->control_opcode, opcode) << file;
    EXPECT_FALSE(packet->monlist);
  }
  const auto readvar = parse_ntp_packet(read_sample("ntpmode67_3.bin"));
  ASSERT_TRUE(readvar.ok());
  EXPECT_EQ(readvar->mode, ntp_mode::kPrivate);
  EXPECT_EQ(readvar->request_code, 1);
  EXPECT_EQ(readvar->implementation, 3);
  EXPECT_FALSE(readvar->monlist);
  const auto monlist = parse_ntp_packet(read_sample("ntpmode67_4.bin"));
  ASSERT_TRUE(monlist.ok());
  EXPECT_EQ(monlist->request_code, 42);
  EXPECT_TRUE(monlist->monlist);
}

TEST(NtpPacket, TruncatedAndInvalidFail) {
  const auto bytes = read_sample("ntp_0.bin");
  for (std::size_t size = 0; size < 48; ++size) {
    EXPECT_FALSE(parse_ntp_packet(ByteSpan(bytes).first(size)).ok()) << size;
  }
  EXPECT_FALSE(parse_ntp_packet(std::vector<std::uint8_t>{0x17, 0, 3}).ok());  // mode 7, short
  EXPECT_FALSE(parse_ntp_packet(std::vector<std::uint8_t>(48, 0)).ok());       // version 0
}

TEST(MqttConnect, Mqtt31ConnectAndConnackMatchZeek) {
  // mqtt_connect.log: MQIsdp 3.1 paho/34AAE54A75D839566E, Connection Accepted.
  const auto connect = parse_mqtt_connect(read_sample("mqtt_31.client.bin"));
  ASSERT_TRUE(connect.ok()) << connect.error().message();
  EXPECT_EQ(connect->protocol_name, "MQIsdp");
  EXPECT_EQ(connect->version, "3.1");
  EXPECT_EQ(connect->client_id, "paho/34AAE54A75D839566E");
  EXPECT_FALSE(connect->username_present);
  EXPECT_FALSE(connect->password_present);
  const auto connack = parse_mqtt_connack(read_sample("mqtt_31.server.bin"));
  ASSERT_TRUE(connack.ok());
  EXPECT_EQ(connack->return_code, 0);
  EXPECT_EQ(connack->status_text(), "Connection Accepted");
}

std::vector<std::uint8_t> connect_packet(std::uint8_t level, bool properties) {
  std::vector<std::uint8_t> body = {0,   4,     'M',  'Q', 'T',
                                    'T', level, 0xC6, 0,   60};  // user, pass, will
  if (properties) body.push_back(0);
  body.insert(body.end(), {0, 3, 'c', 'a', 'm'});
  if (properties) body.push_back(0);  // will properties
  body.insert(body.end(), {0, 2, 'l', 'w', 0, 1, 'x'});
  body.insert(body.end(), {0, 5, 'a', 'd', 'm', 'i', 'n', 0, 3, 'p', 'w', 'd'});
  std::vector<std::uint8_t> packet = {0x10, static_cast<std::uint8_t>(body.size())};
  packet.insert(packet.end(), body.begin(), body.end());
  return packet;
}

TEST(MqttConnect, Mqtt311And5WithCredentials) {
  for (const auto& [level, version] :
       {std::pair<std::uint8_t, std::string>{4, "3.1.1"}, {5, "5.0"}}) {
    const auto packet = connect_packet(level, level == 5);
    const auto connect = parse_mqtt_connect(packet);
    ASSERT_TRUE(connect.ok()) << version << ": " << connect.error().message();
    EXPECT_EQ(connect->version, version);
    EXPECT_EQ(connect->client_id, "cam");
    EXPECT_TRUE(connect->will_present);
    EXPECT_EQ(connect->will_topic, "lw");
    EXPECT_TRUE(connect->username_present);
    EXPECT_EQ(connect->username, "admin");
    EXPECT_TRUE(connect->password_present);
    for (std::size_t size = 0; size < packet.size(); ++size) {
      EXPECT_FALSE(parse_mqtt_connect(std::span(packet).first(size)).ok()) << size;
    }
  }
}

TEST(MqttConnect, WrongTypeAndBadRemainingLengthFail) {
  EXPECT_FALSE(parse_mqtt_connect(std::vector<std::uint8_t>{0x20, 2, 0, 0}).ok());
  EXPECT_FALSE(
      parse_mqtt_connect(std::vector<std::uint8_t>{0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).ok());
  const auto refused = parse_mqtt_connack(std::vector<std::uint8_t>{0x20, 2, 0, 5});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status_text(), "Refused: not authorized");
  EXPECT_FALSE(parse_mqtt_connack(std::vector<std::uint8_t>{0x20, 2, 0}).ok());
}

}  // namespace
}  // namespace iotscope
