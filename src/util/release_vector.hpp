#pragma once
// Handing a vector's memory back as soon as its stage is done with it.
#include <vector>

namespace iotscope {

// Frees the vector's memory. `v = {}` would not: it picks the initializer-list assignment,
// which empties the vector and keeps its capacity.
template <typename T>
void release_vector(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

}  // namespace iotscope
