#pragma once
// Exposure that payloads reveal: holes devices punched into the NAT with UPnP (AddPortMapping),
// NAT-PMP or PCP, naming the device that asked, and NTP responders that answer control (mode 6)
// or private (mode 7, monlist) queries: the reflection-amplification risk.
#include <vector>

#include "analyses/result.hpp"
#include "model/observation.hpp"

namespace iotscope {

std::vector<Exposure> find_mapping_exposure(const std::vector<Observation>& observations);

}  // namespace iotscope
