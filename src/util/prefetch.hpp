#pragma once
// Starts loading every cache line of an object that is about to be read and written, so that the
// misses overlap with other work instead of stalling one after another.
#include <cstddef>

namespace iotscope {

template <class T>
void prefetch_for_write(const T& object) {
  constexpr std::size_t kCacheLine = 64;
  const auto* bytes = reinterpret_cast<const char*>(&object);
  for (std::size_t line = 0; line < sizeof(T); line += kCacheLine) {
    __builtin_prefetch(bytes + line, 1);
  }
}

}  // namespace iotscope
