#include "probe/rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace iotscope {

RateLimiter::RateLimiter(double rate_per_second, double burst, Now now) : now_(std::move(now)) {
  if (!(rate_per_second > 0) || !(burst >= 1)) {
    throw std::invalid_argument(
        "rate limit: expected a rate above 0 per second and a burst of "
        "at least 1");
  }
  interval_ =
      std::max(ProbeClock::duration{1}, std::chrono::round<ProbeClock::duration>(
                                            std::chrono::duration<double>(1.0 / rate_per_second)));
  capacity_ = std::chrono::round<ProbeClock::duration>(interval_ * burst);
  credit_ = interval_;
  last_ = now_();
}

RateLimiter RateLimiter::for_probes(double rate_per_second) {
  return RateLimiter(rate_per_second, std::max(1.0, rate_per_second / 100));
}

void RateLimiter::refill() {
  const ProbeClock::time_point now = now_();
  if (now <= last_) return;
  credit_ = std::min(capacity_, credit_ + (now - last_));
  last_ = now;
}

bool RateLimiter::try_acquire() {
  refill();
  if (credit_ < interval_) return false;
  credit_ -= interval_;
  return true;
}

ProbeClock::duration RateLimiter::until_next() {
  refill();
  return credit_ >= interval_ ? ProbeClock::duration::zero() : interval_ - credit_;
}

}  // namespace iotscope
