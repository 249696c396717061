#pragma once
// Device ports the Internet reaches: inbound services, NTP responders, risky services.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// Sorted by device, port, transport, kind.
std::vector<Exposure> find_exposure(const Summaries& summaries, const AnalysisConfig& config);

}  // namespace iotscope
