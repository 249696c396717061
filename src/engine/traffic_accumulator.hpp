#pragma once
// Accumulates TrafficTotals and the distinct values behind the summaries' distinct counts.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/packed_flow.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

inline void add_flow(TrafficTotals& totals, const PackedFlow& flow) {
  if (totals.flows == 0 || flow.first_ts < totals.first_ts) totals.first_ts = flow.first_ts;
  if (totals.flows == 0 || flow.last_ts > totals.last_ts) totals.last_ts = flow.last_ts;
  ++totals.flows;
  totals.windows += flow.windows;
  totals.bytes_out += flow.bytes_out;
  totals.bytes_in += flow.bytes_in;
  totals.packets_out += flow.packets_out;
  totals.packets_in += flow.packets_in;
  totals.initiators.count(flow.initiator);
}

// Collects values, counts them once at the end: per-key sets here are small and short-lived.
class DistinctCounter {
 public:
  void add(std::uint64_t value) { values_.push_back(value); }
  std::uint32_t count_and_clear() {
    std::sort(values_.begin(), values_.end());
    const auto count = std::unique(values_.begin(), values_.end()) - values_.begin();
    values_.clear();
    return static_cast<std::uint32_t>(count);
  }

 private:
  std::vector<std::uint64_t> values_;
};

}  // namespace iotscope
