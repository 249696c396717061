#include "sources/pcap/flow_record_budget.hpp"

namespace iotscope {
namespace {

bool unanswered(const FlowRecord& flow) {
  return !answered(flow.state);
}

}  // namespace

FlowRecordBudget::FlowRecordBudget(std::uint64_t max_flows)
    : max_flows_(max_flows), max_unanswered_(max_flows - max_flows / 4) {}

bool FlowRecordBudget::admit(const FlowRecord& flow) {
  const bool silent = unanswered(flow);
  const bool room =
      max_flows_ == 0 || (kept_ < max_flows_ && (!silent || kept_unanswered_ < max_unanswered_));
  if (!room) {
    ++(silent ? left_out_unanswered_ : left_out_answered_);
    return false;
  }
  ++kept_;
  if (silent) ++kept_unanswered_;
  return true;
}

}  // namespace iotscope
