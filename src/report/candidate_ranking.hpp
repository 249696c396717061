#pragma once
#include <cstddef>
#include <vector>

#include "analyses/result.hpp"

namespace iotscope {

// Indices of `candidates` by descending score; equal scores keep the analysis' order. Rank r
// (1-based) is the candidate at position r - 1.
std::vector<std::size_t> rank_candidates(const std::vector<Candidate>& candidates);

}  // namespace iotscope
