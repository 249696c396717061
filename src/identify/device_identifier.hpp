#pragma once
// Turns noisy user labels, learnt names and the OUI organisation into a normalised vendor and
// one of the seeds' device types.
#include <string>
#include <string_view>

#include "identify/oui_registry.hpp"
#include "model/device_record.hpp"

namespace iotscope {

// "phillips", "Philips Lighting BV", "philip's" -> "Philips"; "" when nothing is recognised.
std::string normalize_vendor(std::string_view noisy);

// Device type from labels, names and vendor; DeviceType::unknown when nothing says.
DeviceType classify_device_type(const DeviceRecord& device);

// Fills oui_vendor (from the registry), vendor and type; never overwrites what a source already
// knows for certain (a non-empty vendor / non-unknown type set by the source is kept).
void identify_device(DeviceRecord& device, const OuiRegistry& registry);

}  // namespace iotscope
