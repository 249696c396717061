#include "util/side_by_side.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace iotscope {
namespace {

TEST(SideBySide, BothRunTheSecondOnAnotherThread) {
  std::thread::id first_on;
  std::thread::id second_on;
  run_side_by_side([&] { first_on = std::this_thread::get_id(); },
                   [&] { second_on = std::this_thread::get_id(); });
  EXPECT_EQ(first_on, std::this_thread::get_id());
  EXPECT_NE(second_on, std::thread::id{});
  EXPECT_NE(second_on, first_on);
}

TEST(SideBySide, TheSecondsFailureReachesTheCallerAfterTheFirstFinished) {
  std::atomic<bool> first_done{false};
  EXPECT_THROW(run_side_by_side([&] { first_done = true; },
                                [] { throw std::runtime_error("second failed"); }),
               std::runtime_error);
  EXPECT_TRUE(first_done);
}

TEST(SideBySide, TheFirstsFailureWaitsForTheSecond) {
  std::atomic<bool> second_done{false};
  EXPECT_THROW(run_side_by_side([] { throw std::logic_error("first failed"); },
                                [&] {
                                  std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                  second_done = true;
                                }),
               std::logic_error);
  EXPECT_TRUE(second_done);
}

}  // namespace
}  // namespace iotscope
