#pragma once
// Appending one vector's elements to another by moving them, for tables built in pieces
// (per-home summaries, batches of findings, inputs read one after another).
#include <iterator>
#include <utility>
#include <vector>

#include "util/release_vector.hpp"

namespace iotscope {

// Moves every element of `from` to the end of `to` and frees `from`'s memory. When `to` has no
// buffer yet it takes `from`'s whole, without moving a single element.
template <typename T>
void move_append(std::vector<T>& from, std::vector<T>& to) {
  if (to.capacity() == 0) {
    to = std::move(from);
  } else {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
  release_vector(from);
}

}  // namespace iotscope
