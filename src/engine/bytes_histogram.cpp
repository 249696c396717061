#include <bit>

#include "engine/summaries.hpp"

namespace iotscope {

std::size_t BytesHistogram::bucket_of(std::uint64_t bytes) {
  return static_cast<std::size_t>(std::bit_width(bytes));
}

}  // namespace iotscope
