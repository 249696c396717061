#pragma once
#include <vector>

#include "analyses/active_input.hpp"
#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/device_record.hpp"
#include "model/observation.hpp"

namespace iotscope {

// Runs every analysis over the engine's summaries, the sources' payload observations (empty
// for flow datasets) and active measurement results (empty without probe or nmap inputs). Pure:
// same input, same result.
AnalysisResult run_analyses(const Summaries& summaries, const std::vector<DeviceRecord>& devices,
                            const std::vector<Observation>& observations,
                            const AnalysisConfig& config, const ActiveInput& active = {});

}  // namespace iotscope
