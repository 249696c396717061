#pragma once
// The buffers one capture file is read into. The reader fills one at a time; packet batches may
// hold on to it (lendable_buffer.hpp), and a held buffer is not filled again until its holders
// have let go of it, so the reader moves on to another one. At most `max_lent` buffers are lent
// out at once: when every one of them is held, the reader fills a buffer it lends to no one and
// the batches copy the bytes they need, so memory stays bounded whatever the workers do.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sources/pcap/lendable_buffer.hpp"

namespace iotscope {

class ReadBuffers {
 public:
  // Lends nothing until lend_at_most().
  explicit ReadBuffers(std::size_t buffer_bytes);

  void lend_at_most(std::size_t max_lent);
  std::span<std::uint8_t> current() const;
  // The current buffer, for holders to share; nullptr when it is not lent out.
  const LendableBuffer* lendable() const;
  // Before the current buffer is filled again: makes the current buffer one that no one else
  // holds, the `count` bytes at `from` in the buffer before moved to its front.
  void renew(std::size_t from, std::size_t count);
  // Buffers that exist, the one lent to no one included (for tests).
  std::size_t buffers() const { return buffers_.size(); }

 private:
  bool held_by_others(std::size_t index) const;
  std::size_t free_buffer();

  std::size_t buffer_bytes_;
  std::size_t max_lent_ = 0;
  std::vector<LendableBuffer> buffers_;  // [0] is never lent out
  std::size_t current_ = 0;
};

}  // namespace iotscope
