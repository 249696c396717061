#pragma once
// The generator's random numbers: splitmix64, tiny and fast. Every home owns one stream seeded
// from (seed, home index), so output never depends on which thread built the home.
#include <cmath>
#include <cstdint>

#include "util/hash.hpp"

namespace iotscope::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n must be > 0.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
  // Uniform in [lo, hi], both inclusive.
  std::uint32_t between(std::uint32_t lo, std::uint32_t hi) { return lo + below(hi - lo + 1); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller); used only for a few per-home sizes.
  double normal() {
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }

 private:
  std::uint64_t state_;
};

inline std::uint64_t home_seed(std::uint64_t seed, std::uint64_t home_index) {
  return mix64(seed * 0x9E3779B97F4A7C15ULL ^ mix64(home_index + 0x632BE59BD9B4E019ULL));
}

}  // namespace iotscope::sim
