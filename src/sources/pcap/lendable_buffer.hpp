#pragma once
// A buffer a capture reader fills and lends out: a packet batch on its way to a flow worker holds
// a copy of `bytes` rather than copying its packets' bytes out of it, and the reader fills the
// buffer again only once no one else holds it (read_buffers.hpp).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace iotscope {

struct LendableBuffer {
  std::shared_ptr<std::uint8_t[]> bytes;
  std::size_t size = 0;

  // True when `view` is non-empty and lies wholly inside the buffer.
  bool holds(std::span<const std::uint8_t> view) const {
    const auto begin = reinterpret_cast<std::uintptr_t>(bytes.get());
    const auto first = reinterpret_cast<std::uintptr_t>(view.data());
    return !view.empty() && first >= begin && first - begin <= size &&
           view.size() <= size - (first - begin);
  }
};

}  // namespace iotscope
