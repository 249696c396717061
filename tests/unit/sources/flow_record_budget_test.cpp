// Which flow records reach the analyses when the memory cap holds fewer than a capture makes.
#include "sources/pcap/flow_record_budget.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

FlowRecord flow_in(ConnState state) {
  FlowRecord flow;
  flow.state = state;
  return flow;
}

TEST(FlowRecordBudget, NoLimitKeepsEverything) {
  FlowRecordBudget budget(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(budget.admit(flow_in(ConnState::no_reply)));
  EXPECT_EQ(budget.kept(), 1000U);
  EXPECT_EQ(budget.left_out(), 0U);
}

TEST(FlowRecordBudget, AFloodFillsThreeQuartersAndAnsweredOnesTheRest) {
  FlowRecordBudget budget(1000);
  std::uint64_t kept_flood = 0;
  for (int i = 0; i < 10'000; ++i) kept_flood += budget.admit(flow_in(ConnState::no_reply)) ? 1 : 0;
  EXPECT_EQ(kept_flood, 750U);
  EXPECT_EQ(budget.left_out_unanswered(), 10'000U - 750U);
  // Refused, partial and unknown outcomes count as unanswered: no room left for them either.
  EXPECT_FALSE(budget.admit(flow_in(ConnState::rejected)));
  EXPECT_FALSE(budget.admit(flow_in(ConnState::partial)));
  EXPECT_FALSE(budget.admit(flow_in(ConnState::unknown)));
  std::uint64_t kept_answered = 0;
  for (int i = 0; i < 500; ++i)
    kept_answered += budget.admit(flow_in(ConnState::established)) ? 1 : 0;
  EXPECT_EQ(kept_answered, 250U);
  EXPECT_EQ(budget.kept(), 1000U);
  EXPECT_EQ(budget.left_out_answered(), 250U);
  EXPECT_EQ(budget.left_out_unanswered(), 10'000U - 750U + 3U);
  EXPECT_EQ(budget.left_out(), budget.left_out_answered() + budget.left_out_unanswered());
}

TEST(FlowRecordBudget, AnsweredOnesMayUseTheWholeBudget) {
  FlowRecordBudget budget(100);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(budget.admit(flow_in(ConnState::established)));
  EXPECT_FALSE(budget.admit(flow_in(ConnState::established)));
  EXPECT_FALSE(budget.admit(flow_in(ConnState::no_reply)));
  EXPECT_EQ(budget.kept(), 100U);
  EXPECT_EQ(budget.left_out(), 2U);
}

}  // namespace
}  // namespace iotscope
