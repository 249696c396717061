#include "sources/pcap/read_buffers.hpp"

#include <atomic>
#include <cstring>

namespace iotscope {
namespace {

LendableBuffer new_buffer(std::size_t bytes) {
  // Not zeroed: a read fills what is used, and untouched pages cost nothing.
  return LendableBuffer{std::make_shared_for_overwrite<std::uint8_t[]>(bytes), bytes};
}

}  // namespace

ReadBuffers::ReadBuffers(std::size_t buffer_bytes) : buffer_bytes_(buffer_bytes) {
  buffers_.push_back(new_buffer(buffer_bytes_));
}

void ReadBuffers::lend_at_most(std::size_t max_lent) {
  max_lent_ = max_lent;
  // Frames point at the buffers' entries: the list never moves.
  buffers_.reserve(max_lent_ + 1);
}

std::span<std::uint8_t> ReadBuffers::current() const {
  const LendableBuffer& buffer = buffers_[current_];
  return {buffer.bytes.get(), buffer.size};
}

const LendableBuffer* ReadBuffers::lendable() const {
  return current_ == 0 ? nullptr : &buffers_[current_];
}

bool ReadBuffers::held_by_others(std::size_t index) const {
  if (buffers_[index].bytes.use_count() > 1) return true;
  // The holder's last reads happen before its release, which the count just showed: the bytes
  // may be overwritten now.
  std::atomic_thread_fence(std::memory_order_acquire);
  return false;
}

std::size_t ReadBuffers::free_buffer() {
  if (current_ != 0 && !held_by_others(current_)) return current_;
  for (std::size_t i = 1; i < buffers_.size(); ++i) {
    if (!held_by_others(i)) return i;
  }
  if (buffers_.size() <= max_lent_) {
    buffers_.push_back(new_buffer(buffer_bytes_));
    return buffers_.size() - 1;
  }
  return 0;
}

void ReadBuffers::renew(std::size_t from, std::size_t count) {
  const std::size_t next = free_buffer();
  const std::uint8_t* source = buffers_[current_].bytes.get() + from;
  std::uint8_t* target = buffers_[next].bytes.get();
  if (next == current_) {
    std::memmove(target, source, count);
  } else if (count > 0) {
    std::memcpy(target, source, count);
  }
  current_ = next;
}

}  // namespace iotscope
