#pragma once
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/device_record.hpp"

namespace iotscope {

// Runs every analysis over the engine's summaries. Pure: same input, same result.
AnalysisResult run_analyses(const Summaries& summaries, const std::vector<DeviceRecord>& devices,
                            const AnalysisConfig& config);

}  // namespace iotscope
