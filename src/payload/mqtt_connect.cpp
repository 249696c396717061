#include "payload/mqtt_connect.hpp"

#include <array>

namespace iotscope {
namespace {

constexpr std::uint8_t kConnect = 1;
constexpr std::uint8_t kConnack = 2;
constexpr std::uint8_t kFlagUsername = 0x80;
constexpr std::uint8_t kFlagPassword = 0x40;
constexpr std::uint8_t kFlagWill = 0x04;

// Variable byte integer (MQTT 3.1.1 2.2.3 / 5.0 1.5.5): at most four 7-bit groups.
std::optional<std::uint32_t> read_varint(ByteReader& reader) {
  std::uint32_t value = 0;
  for (int shift = 0; shift < 28; shift += 7) {
    const auto byte = reader.u8();
    if (!byte) return std::nullopt;
    value |= static_cast<std::uint32_t>(*byte & 0x7F) << shift;
    if ((*byte & 0x80) == 0) return value;
  }
  return std::nullopt;
}

std::optional<std::string> read_string(ByteReader& reader) {
  const auto length = reader.u16();
  if (!length) return std::nullopt;
  const auto text = reader.take(*length);
  if (!text) return std::nullopt;
  return std::string(as_text(*text));
}

bool skip_properties(ByteReader& reader) {
  const auto length = read_varint(reader);
  return length && reader.skip(*length);
}

// The packet after its fixed header, checked to be of the wanted type.
ParseResult<ByteReader> open_packet(ByteSpan bytes, std::uint8_t wanted_type,
                                    std::string_view name) {
  ByteReader reader(bytes);
  const auto first = reader.u8();
  if (!first || (*first >> 4) != wanted_type) {
    return ParseError{0, std::string(name) + " packet type " + std::to_string(wanted_type)};
  }
  const auto remaining_length = read_varint(reader);
  if (!remaining_length) return reader.error("remaining length (1 to 4 bytes)");
  auto packet = reader.sub_reader(*remaining_length);
  if (!packet)
    return reader.error(std::string(name) + " of " + std::to_string(*remaining_length) + " bytes");
  return *packet;
}

std::string version_text(std::uint8_t level) {
  switch (level) {
    case 3:
      return "3.1";
    case 4:
      return "3.1.1";
    case 5:
      return "5.0";
    default:
      return "unknown-" + std::to_string(level);
  }
}

}  // namespace

ParseResult<MqttConnect> parse_mqtt_connect(ByteSpan bytes) {
  auto opened = open_packet(bytes, kConnect, "CONNECT");
  if (!opened) return opened.error();
  ByteReader& reader = opened.value();
  MqttConnect connect;
  auto protocol_name = read_string(reader);
  if (!protocol_name) return reader.error("protocol name");
  if (*protocol_name != "MQTT" && *protocol_name != "MQIsdp") {
    return ParseError{reader.offset(), "protocol name \"MQTT\" or \"MQIsdp\""};
  }
  connect.protocol_name = std::move(*protocol_name);
  const auto level = reader.u8();
  const auto flags = reader.u8();
  const auto keep_alive = reader.u16();
  if (!keep_alive) return reader.error("protocol level, connect flags and keep alive");
  connect.protocol_level = *level;
  connect.version = version_text(*level);
  connect.keep_alive = *keep_alive;
  const bool v5 = *level == 5;
  if (v5 && !skip_properties(reader)) return reader.error("CONNECT properties");
  auto client_id = read_string(reader);
  if (!client_id) return reader.error("client identifier");
  connect.client_id = std::move(*client_id);
  if (*flags & kFlagWill) {
    connect.will_present = true;
    if (v5 && !skip_properties(reader)) return reader.error("will properties");
    auto topic = read_string(reader);
    if (!topic) return reader.error("will topic");
    connect.will_topic = std::move(*topic);
    if (!read_string(reader)) return reader.error("will payload");
  }
  if (*flags & kFlagUsername) {
    auto username = read_string(reader);
    if (!username) return reader.error("user name");
    connect.username_present = true;
    connect.username = std::move(*username);
  }
  if (*flags & kFlagPassword) {
    if (!read_string(reader)) return reader.error("password");
    connect.password_present = true;
  }
  return connect;
}

ParseResult<MqttConnack> parse_mqtt_connack(ByteSpan bytes) {
  auto opened = open_packet(bytes, kConnack, "CONNACK");
  if (!opened) return opened.error();
  ByteReader& reader = opened.value();
  const auto flags = reader.u8();
  const auto code = reader.u8();
  if (!code) return reader.error("acknowledge flags and return code");
  return MqttConnack{(*flags & 0x01) != 0, *code};
}

std::string MqttConnack::status_text() const {
  static constexpr std::array<std::string_view, 6> kTexts = {
      "Connection Accepted",
      "Refused: unacceptable protocol version",
      "Refused: identifier rejected",
      "Refused: server unavailable",
      "Refused: bad user name or password",
      "Refused: not authorized",
  };
  if (return_code < kTexts.size()) return std::string(kTexts[return_code]);
  return "unknown-" + std::to_string(return_code);
}

}  // namespace iotscope
