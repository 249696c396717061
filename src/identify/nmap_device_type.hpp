#pragma once
// nmap's device-type words (the d/ field of its service probes, <service devicetype> in its XML)
// in the seeds' device types: the thesis labelled devices from their banners this way.
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

// DeviceType::unknown for words that name no IoT type ("general purpose", "specialized").
DeviceType device_type_from_nmap(std::string_view nmap_type);

}  // namespace iotscope
