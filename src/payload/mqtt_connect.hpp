#pragma once
// MQTT CONNECT and CONNACK (3.1 "MQIsdp" level 3, 3.1.1 level 4, 5.0 level 5): which client
// connects, and whether it sends a user name and password in the clear.
#include <cstdint>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

struct MqttConnect {
  std::string protocol_name;        // "MQIsdp" (3.1) or "MQTT"
  std::uint8_t protocol_level = 0;  // 3, 4 or 5
  std::string version;              // "3.1", "3.1.1", "5.0" as Zeek writes it
  std::string client_id;
  std::uint16_t keep_alive = 0;
  bool will_present = false;
  std::string will_topic;
  bool username_present = false;
  std::string username;
  bool password_present = false;  // the password itself is not kept
};

struct MqttConnack {
  bool session_present = false;
  std::uint8_t return_code = 0;  // 3.x return code or 5.0 reason code; 0 = accepted
  // Zeek's mqtt_connect.log connect_status text for 3.x codes, e.g. "Connection Accepted".
  std::string status_text() const;
};

// Each parser takes one whole control packet, fixed header included.
ParseResult<MqttConnect> parse_mqtt_connect(ByteSpan bytes);
ParseResult<MqttConnack> parse_mqtt_connack(ByteSpan bytes);

}  // namespace iotscope
