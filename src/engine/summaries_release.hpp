#pragma once
// Handing memory back as soon as a stage is done with it. Once the analyses have read the
// summaries, only the run totals are still needed (the report's overview); the per-key tables
// are the size of the output, and freeing them keeps them from adding to the report stage.
#include <vector>

#include "engine/summaries.hpp"

namespace iotscope {

// Frees the vector's memory. `v = {}` would not: it picks the initializer-list assignment,
// which empties the vector and keeps its capacity.
template <typename T>
void release_vector(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

// Frees every per-key table of `summaries` (ports, edges, scan windows, devices); keeps the flow
// count, the time span and the bytes-per-flow histograms.
void release_tables(Summaries& summaries);

}  // namespace iotscope
