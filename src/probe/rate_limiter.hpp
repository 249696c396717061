#pragma once
// A token bucket that spaces probes out: `rate` tokens per second, at most `burst` saved up.
// The clock is injected so tests step time by hand instead of sleeping.
#include <chrono>
#include <functional>

namespace iotscope {

using ProbeClock = std::chrono::steady_clock;

class RateLimiter {
 public:
  using Now = std::function<ProbeClock::time_point()>;

  // Throws std::invalid_argument unless rate > 0 and burst >= 1. The bucket starts with one
  // token: a scan's first instants are paced like the rest (a full bucket sent twice the rate
  // in the first tenth of a second).
  RateLimiter(double rate_per_second, double burst, Now now = &ProbeClock::now);

  // The scanners' limiter: `--rate` holds over any window of 10 ms or more; the 10 ms of saved-up
  // time only absorb a late wake-up of the scan loop.
  static RateLimiter for_probes(double rate_per_second);

  // Takes one token if one is there.
  bool try_acquire();
  // Time until the next token is there; zero when one is there now.
  ProbeClock::duration until_next();

 private:
  void refill();

  // Whole clock ticks instead of fractional tokens, so pacing has no rounding drift: one token
  // is `interval_` of saved-up time, and at most `capacity_` is saved.
  ProbeClock::duration interval_;
  ProbeClock::duration capacity_;
  Now now_;
  ProbeClock::duration credit_;
  ProbeClock::time_point last_;
};

}  // namespace iotscope
