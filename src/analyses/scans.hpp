#pragma once
// Host discovery sweeps and port scans by devices, from the engine's per-window target lists.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "analyses/role_index.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// Sorted by scanner, start, kind, first target.
std::vector<Scan> find_scans(const Summaries& summaries, const RoleIndex& roles,
                             const AnalysisConfig& config);

}  // namespace iotscope
