#include "model/device_record.hpp"

namespace iotscope {

std::string DeviceRecord::display_label() const {
  if (!labels.name.empty()) return labels.name;
  if (!vendor.empty() && type != DeviceType::unknown) {
    return vendor + " " + std::string(to_string(type));
  }
  if (!vendor.empty()) return vendor;
  if (!oui_vendor.empty()) return oui_vendor;
  return "unknown device";
}

}  // namespace iotscope
