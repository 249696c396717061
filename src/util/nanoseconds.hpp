#pragma once
// Packet times are integer Unix nanoseconds; reports and Zeek logs show float seconds.
#include <cstdint>

namespace iotscope {

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

constexpr double seconds_from_ns(std::int64_t ns) {
  return static_cast<double>(ns) / static_cast<double>(kNanosPerSecond);
}

}  // namespace iotscope
