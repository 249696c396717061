#include "identify/device_identifier.hpp"

#include "identify/device_vendor.hpp"
#include "identify/mac_prefix.hpp"

namespace iotscope {
namespace {

void fill_oui(DeviceRecord& device, const OuiRegistry& registry) {
  if (device.oui.empty()) {
    if (const auto prefix = parse_oui_prefix(device.mac)) device.oui = format_oui(*prefix);
  }
  if (device.oui_vendor.empty() && !device.oui.empty()) {
    device.oui_vendor = std::string(registry.organisation(device.oui));
  }
}

}  // namespace

void identify_device(DeviceRecord& device, const OuiRegistry& registry) {
  fill_oui(device, registry);
  if (device.vendor.empty()) device.vendor = std::string(infer_vendor(device));
  if (device.type == DeviceType::unknown) device.type = classify_device_type(device);
}

}  // namespace iotscope
