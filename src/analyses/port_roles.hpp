#pragma once
// Server / client / peer role of every (device, port) worth naming.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// Sorted by device, port, transport, side, role.
std::vector<PortRole> find_port_roles(const Summaries& summaries, const AnalysisConfig& config);

}  // namespace iotscope
