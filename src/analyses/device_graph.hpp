#pragma once
// Who talks to whom on which ports: the seeds' Sankey diagrams and per-port charts.
#include "analyses/analysis_config.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

DeviceGraph build_device_graph(const Summaries& summaries, const DeviceLookup& directory,
                               const AnalysisConfig& config);

}  // namespace iotscope
