#pragma once
// Handing memory back as soon as a stage is done with it. Once the analyses have read the
// summaries, only the run totals are still needed (the report's overview); the per-key tables
// are the size of the output, and freeing them keeps them from adding to the report stage.
#include "engine/summaries.hpp"
#include "util/release_vector.hpp"

namespace iotscope {

// Frees every per-key table of `summaries` (ports, edges, scan windows, devices); keeps the flow
// count, the time span and the bytes-per-flow histograms.
void release_tables(Summaries& summaries);

}  // namespace iotscope
