#include "analyses/threshold_random_walk.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace iotscope {
namespace {

// With the paper's parameters each failure adds ln 4 and each success subtracts it; the
// thresholds are +-ln 99 (4.595), so four net failures decide "scanner" (3 x 1.386 = 4.16 < 4.595).
TEST(ThresholdRandomWalk, FourFailuresInARowDecideScanner) {
  const auto three = threshold_random_walk({false, false, false});
  EXPECT_EQ(three.decision, TrwDecision::pending);
  EXPECT_NEAR(three.log_ratio, 3 * std::log(4.0), 1e-9);
  const auto four = threshold_random_walk({false, false, false, false, true});
  EXPECT_EQ(four.decision, TrwDecision::scanner);
  EXPECT_EQ(four.decided_after, 4U);
  EXPECT_EQ(four.successes, 1U);  // counted after the decision too
  EXPECT_NEAR(four.log_ratio, 4 * std::log(4.0), 1e-9);
}

TEST(ThresholdRandomWalk, SuccessesKeepAHostBenign) {
  const auto outcome = threshold_random_walk({true, true, false, true, true, true, false, true});
  EXPECT_NE(outcome.decision, TrwDecision::scanner);
  EXPECT_EQ(outcome.failures, 2U);
}

TEST(ThresholdRandomWalk, ABenignStartDoesNotHideALaterScan) {
  std::vector<bool> contacts(4, true);
  contacts.insert(contacts.end(), 5, false);
  const auto outcome = threshold_random_walk(contacts);
  EXPECT_EQ(outcome.decision, TrwDecision::scanner);
  EXPECT_EQ(outcome.decided_after, 8U);  // reset after the 4th success, then 4 failures
}

TEST(ThresholdRandomWalk, MixedOutcomesStayPending) {
  const auto outcome = threshold_random_walk({false, true, false, true, false, true});
  EXPECT_EQ(outcome.decision, TrwDecision::pending);
  EXPECT_NEAR(outcome.log_ratio, 0, 1e-9);
}

TEST(ThresholdRandomWalk, StricterParametersNeedMoreEvidence) {
  TrwParameters strict;
  strict.alpha = 0.0001;
  const auto outcome = threshold_random_walk({false, false, false, false, false}, strict);
  EXPECT_EQ(outcome.decision, TrwDecision::pending);  // ln(0.99 / 0.0001) = 9.2 > 5 x 1.386
}

}  // namespace
}  // namespace iotscope
