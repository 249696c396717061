#pragma once
#include <cstddef>
#include <vector>

#include "analyses/active_input.hpp"
#include "analyses/analysis_config.hpp"
#include "analyses/result.hpp"
#include "engine/home_pieces.hpp"
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

struct HomeAnalysis {
  AnalysisResult result;
  // What is left of the summaries: the flow count, time span, bytes-per-flow histograms and
  // per-device activity; no port, edge or scan window tables.
  Summaries totals;
};

// The same result as run_analyses() over the merged summaries, computed batch of homes by batch
// of homes on `threads` threads: every finding but the global tables (measurement, charts,
// candidate ranking) depends on one home's summaries only, and each batch's summaries are freed
// once analysed, so the summaries of all homes and all findings never coexist. `homes` sorted
// by home, as Engine::summarize_by_home() returns them.
HomeAnalysis analyse_homes(HomePieces homes, const std::vector<DeviceRecord>& devices,
                           const std::vector<Observation>& observations,
                           const AnalysisConfig& config, const ActiveInput& active,
                           unsigned threads, std::size_t batch_rows = kHomeBatchRows);

}  // namespace iotscope
