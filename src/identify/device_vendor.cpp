#include "identify/device_vendor.hpp"

#include "identify/model_code_hints.hpp"
#include "identify/vendor_matcher.hpp"

namespace iotscope {
namespace {

std::string_view vendor_of_name(const VendorMatcher& matcher, std::string_view name) {
  if (name.empty()) return {};
  const TokenizedText words(name);
  if (const std::string_view vendor = matcher.find(words); !vendor.empty()) return vendor;
  if (const auto hint = model_code_hint(words)) return hint->vendor;
  return {};
}

}  // namespace

std::string_view infer_vendor(const DeviceRecord& device) {
  const VendorMatcher& matcher = VendorMatcher::instance();
  if (auto vendor = matcher.find(device.labels.vendor); !vendor.empty()) return vendor;
  if (auto vendor = vendor_of_name(matcher, device.labels.name); !vendor.empty()) return vendor;
  for (const std::string& name : device.learnt_names) {
    if (auto vendor = vendor_of_name(matcher, name); !vendor.empty()) return vendor;
  }
  return matcher.find_organisation(device.oui_vendor);
}

}  // namespace iotscope
