#pragma once
// Orders per-home summaries into one Summaries sorted by home. A home reduced in two pieces
// (rows arrived after the source had closed it, which the source reports as late) is combined
// key by key: totals add up, and distinct counts add up too, an upper bound.
#include <vector>

#include "engine/embedded_engine.hpp"

namespace iotscope {

Summaries merge_home_summaries(std::vector<HomeSummaries> homes);

}  // namespace iotscope
