#pragma once
// Host discovery sweeps and port scans by devices: count thresholds on the engine's per-window
// target lists, Threshold Random Walk where connection outcomes are known, ARP sweeps and probe
// styles from the sources' observations.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "analyses/role_index.hpp"
#include "engine/summaries.hpp"
#include "model/observation.hpp"

namespace iotscope {

// Sorted by scanner, start, kind, first target.
std::vector<Scan> find_scans(const Summaries& summaries, const RoleIndex& roles,
                             const std::vector<Observation>& observations,
                             const AnalysisConfig& config);

}  // namespace iotscope
