#include "identify/nmap_device_type.hpp"

#include <array>
#include <utility>

namespace iotscope {
namespace {

// nmap-service-probes' d/ vocabulary (nmap.org/book/osdetect-device-types.html).
constexpr std::array<std::pair<std::string_view, DeviceType>, 14> kTypes{{
    {"router", DeviceType::router},
    {"broadband router", DeviceType::router},
    {"WAP", DeviceType::router},
    {"firewall", DeviceType::router},
    {"switch", DeviceType::router},
    {"printer", DeviceType::printer},
    {"print server", DeviceType::printer},
    {"webcam", DeviceType::camera},
    {"media device", DeviceType::media_tv},
    {"game console", DeviceType::media_tv},
    {"storage-misc", DeviceType::storage_nas},
    {"power-device", DeviceType::plug_switch},
    {"phone", DeviceType::computer_phone},
    {"VoIP phone", DeviceType::other},
}};

}  // namespace

DeviceType device_type_from_nmap(std::string_view nmap_type) {
  for (const auto& [word, type] : kTypes) {
    if (word == nmap_type) return type;
  }
  return DeviceType::unknown;
}

}  // namespace iotscope
