#include "model/enums.hpp"

#include <array>
#include <utility>

namespace iotscope {
namespace {
constexpr std::array<std::pair<DeviceType, std::string_view>, 13> kDeviceTypes{{
    {DeviceType::unknown, "unknown"},
    {DeviceType::router, "router"},
    {DeviceType::camera, "camera"},
    {DeviceType::media_tv, "media_tv"},
    {DeviceType::voice_assistant, "voice_assistant"},
    {DeviceType::smart_home_hub, "smart_home_hub"},
    {DeviceType::plug_switch, "plug_switch"},
    {DeviceType::light, "light"},
    {DeviceType::printer, "printer"},
    {DeviceType::storage_nas, "storage_nas"},
    {DeviceType::thermostat_sensor, "thermostat_sensor"},
    {DeviceType::computer_phone, "computer_phone"},
    {DeviceType::other, "other"},
}};
}  // namespace

std::string_view to_string(Transport value) {
  switch (value) {
    case Transport::tcp:
      return "tcp";
    case Transport::udp:
      return "udp";
    case Transport::icmp:
      return "icmp";
    case Transport::other:
      break;
  }
  return "other";
}

std::string_view to_string(Initiator value) {
  switch (value) {
    case Initiator::device:
      return "device";
    case Initiator::remote:
      return "remote";
    case Initiator::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(ConnState value) {
  switch (value) {
    case ConnState::established:
      return "established";
    case ConnState::rejected:
      return "rejected";
    case ConnState::no_reply:
      return "no_reply";
    case ConnState::partial:
      return "partial";
    case ConnState::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(PeerScope value) {
  switch (value) {
    case PeerScope::local_device:
      return "local_device";
    case PeerScope::local_unknown:
      return "local_unknown";
    case PeerScope::multicast_broadcast:
      return "multicast_broadcast";
    case PeerScope::external:
      break;
  }
  return "external";
}

std::string_view to_string(HowKnown value) {
  switch (value) {
    case HowKnown::port:
      return "port";
    case HowKnown::payload:
      return "payload";
    case HowKnown::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(EncryptionStatus value) {
  switch (value) {
    case EncryptionStatus::encrypted:
      return "encrypted";
    case EncryptionStatus::plaintext:
      return "plaintext";
    case EncryptionStatus::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(DeviceType value) {
  for (const auto& [type, name] : kDeviceTypes) {
    if (type == value) return name;
  }
  return "unknown";
}

std::optional<Transport> parse_transport(std::string_view text) {
  if (text == "tcp" || text == "TCP" || text == "6") return Transport::tcp;
  if (text == "udp" || text == "UDP" || text == "17") return Transport::udp;
  if (text == "icmp" || text == "ICMP" || text == "1" || text == "58") return Transport::icmp;
  return std::nullopt;
}

std::optional<DeviceType> parse_device_type(std::string_view text) {
  for (const auto& [type, name] : kDeviceTypes) {
    if (name == text) return type;
  }
  return std::nullopt;
}

}  // namespace iotscope
