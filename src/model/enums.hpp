#pragma once
// Small closed vocabularies of the data model, with their report spellings.
#include <cstdint>
#include <optional>
#include <string_view>

namespace iotscope {

enum class Transport : std::uint8_t { tcp, udp, icmp, other };
// Who opened the connection, from the device's point of view.
enum class Initiator : std::uint8_t { unknown, device, remote };
// Connection outcome; IoT Inspector data never knows it.
enum class ConnState : std::uint8_t { unknown, established, rejected, no_reply, partial };
// Whether the responder took part in the exchange. The memory cap's budgets keep room for such
// connections and their devices: a flood's spoofed sources and scanned addresses never get one.
constexpr bool answered(ConnState state) {
  return state == ConnState::established;
}
// Where the remote end of a flow is.
enum class PeerScope : std::uint8_t {
  local_device,         // another known device of the same home
  local_unknown,        // a local address that is no known device
  multicast_broadcast,  // local broadcast or multicast group
  external,             // the Internet
};
// How an application protocol or an encryption status was learnt.
enum class HowKnown : std::uint8_t { unknown, port, payload };
enum class EncryptionStatus : std::uint8_t { unknown, encrypted, plaintext };

// The seeds' device categories.
enum class DeviceType : std::uint8_t {
  unknown,
  router,
  camera,
  media_tv,
  voice_assistant,
  smart_home_hub,
  plug_switch,
  light,
  printer,
  storage_nas,
  thermostat_sensor,
  computer_phone,
  other,
};

std::string_view to_string(Transport value);
std::string_view to_string(Initiator value);
std::string_view to_string(ConnState value);
std::string_view to_string(PeerScope value);
std::string_view to_string(HowKnown value);
std::string_view to_string(EncryptionStatus value);
std::string_view to_string(DeviceType value);

std::optional<Transport> parse_transport(std::string_view text);  // "tcp", "TCP", "6", "udp", "17"
std::optional<DeviceType> parse_device_type(std::string_view text);  // report spellings only

}  // namespace iotscope
