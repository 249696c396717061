#pragma once
// Which flow records of a capture go on to the analyses when the memory cap holds fewer than the
// capture makes (a scan or flood of millions of connections). Records of connections nobody
// answered, or that were refused, may fill three quarters of the budget; the last quarter is
// kept for answered ones, so a flood cannot crowd the home's real traffic out of the analyses.
// Past the budget every record is left out. The first records are kept, so what a flood's
// source did in its first minutes is still analysed. Everything left out is counted.
#include <cstdint>

#include "model/flow_record.hpp"

namespace iotscope {

class FlowRecordBudget {
 public:
  // 0: no limit.
  explicit FlowRecordBudget(std::uint64_t max_flows);

  // Whether the record is kept; counts it either way.
  bool admit(const FlowRecord& flow);

  std::uint64_t kept() const { return kept_; }
  std::uint64_t left_out_unanswered() const { return left_out_unanswered_; }
  std::uint64_t left_out_answered() const { return left_out_answered_; }
  std::uint64_t left_out() const { return left_out_unanswered_ + left_out_answered_; }
  std::uint64_t max_flows() const { return max_flows_; }

 private:
  std::uint64_t max_flows_;
  std::uint64_t max_unanswered_;
  std::uint64_t kept_ = 0;
  std::uint64_t kept_unanswered_ = 0;
  std::uint64_t left_out_unanswered_ = 0;
  std::uint64_t left_out_answered_ = 0;
};

}  // namespace iotscope
