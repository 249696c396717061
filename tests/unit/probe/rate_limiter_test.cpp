#include "probe/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace iotscope {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  ProbeClock::time_point now{};
  RateLimiter::Now source() {
    return [this] { return now; };
  }
};

TEST(RateLimiter, StartsWithOneTokenThenPacesAtTheRate) {
  FakeClock clock;
  RateLimiter limiter(100, 5, clock.source());
  EXPECT_TRUE(limiter.try_acquire());
  EXPECT_FALSE(limiter.try_acquire());  // no burst at the start
  EXPECT_EQ(limiter.until_next(), 10ms);
  clock.now += 50ms;  // an idle gap saves up to the burst
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.try_acquire()) << i;
  EXPECT_FALSE(limiter.try_acquire());
  EXPECT_EQ(limiter.until_next(), 10ms);
  clock.now += 9ms;
  EXPECT_FALSE(limiter.try_acquire());
  EXPECT_EQ(limiter.until_next(), 1ms);
  clock.now += 1ms;
  EXPECT_TRUE(limiter.try_acquire());
  EXPECT_FALSE(limiter.try_acquire());
}

TEST(RateLimiter, SavesAtMostTheBurst) {
  FakeClock clock;
  RateLimiter limiter(10, 3, clock.source());
  clock.now += 10s;
  int granted = 0;
  while (limiter.try_acquire()) ++granted;
  EXPECT_EQ(granted, 3);
}

TEST(RateLimiter, GrantsRateTimesElapsedOverALongRun) {
  FakeClock clock;
  RateLimiter limiter(250, 1, clock.source());
  int granted = 0;
  for (int step = 0; step < 1000; ++step) {  // one second in 1 ms steps
    while (limiter.try_acquire()) ++granted;
    clock.now += 1ms;
  }
  EXPECT_GE(granted, 250);
  EXPECT_LE(granted, 251);  // the initial token plus a second's worth
}

TEST(RateLimiter, ProbesNeverExceedTheRateOverTenMilliseconds) {
  // 1000/s for a second of busy polling: at most 1000 + the 10 ms burst (10) + the first token.
  RateLimiter limiter = RateLimiter::for_probes(1000);
  const auto start = ProbeClock::now();
  int granted = 0;
  int first_100ms = 0;
  while (ProbeClock::now() - start < 1s) {
    if (limiter.try_acquire()) {
      ++granted;
      if (ProbeClock::now() - start < 100ms) ++first_100ms;
    }
  }
  EXPECT_LE(granted, 1011);
  EXPECT_LE(first_100ms, 111);  // a full bucket of a tenth of a second gave 200 here
  EXPECT_GE(granted, 800);      // and the pace is kept (a loaded machine loses some)
}

TEST(RateLimiter, RejectsNonsenseSettings) {
  EXPECT_THROW(RateLimiter(0, 1), std::invalid_argument);
  EXPECT_THROW(RateLimiter(-5, 1), std::invalid_argument);
  EXPECT_THROW(RateLimiter(10, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace iotscope
