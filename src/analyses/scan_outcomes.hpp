#pragma once
// Scan findings from connection outcomes, where a source knows them (captures, Zeek logs):
// Threshold Random Walk over each device's first contacts with distinct local hosts, and the
// probe style (SYN, connect, FIN, NULL, Xmas, UDP) from the sources' scan_probes observations.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/observation.hpp"

namespace iotscope {

// Adds TRW evidence to the device's existing scans, and a host sweep for devices the walk calls
// scanners that the count thresholds missed (a scan of fewer hosts than sweep_min_targets).
void apply_threshold_random_walk(const Summaries& summaries, const AnalysisConfig& config,
                                 std::vector<Scan>& scans);

// Sets Scan::method from the probe styles the device used during the scan.
void name_scan_methods(const std::vector<Observation>& observations, std::vector<Scan>& scans);

}  // namespace iotscope
