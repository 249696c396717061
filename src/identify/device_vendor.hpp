#pragma once
#include <string_view>

#include "model/device_record.hpp"

namespace iotscope {

// The vendor a device's own evidence points to, strongest first: the user's vendor label, the
// user's name for it, its learnt names (DHCP, mDNS, SSDP), then the registry organisation of its
// OUI (matched strictly: see VendorMatcher::find_organisation). Empty when none names a known
// vendor. The view points into static storage.
std::string_view infer_vendor(const DeviceRecord& device);

}  // namespace iotscope
