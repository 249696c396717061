#pragma once
#include <cstdint>
#include <functional>

namespace iotscope {

// Called from any worker thread with the bytes read so far and the total input size.
using ProgressFn = std::function<void(std::uint64_t done_bytes, std::uint64_t total_bytes)>;

}  // namespace iotscope
