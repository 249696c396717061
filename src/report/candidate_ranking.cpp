#include "report/candidate_ranking.hpp"

#include <algorithm>
#include <numeric>

namespace iotscope {

std::vector<std::size_t> rank_candidates(const std::vector<Candidate>& candidates) {
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return candidates[a].score > candidates[b].score;
  });
  return order;
}

}  // namespace iotscope
