#pragma once
// What reading and writing around the page cache (O_DIRECT) needs on both sides: buffers,
// offsets and lengths aligned to the device's logical block, and switching a descriptor between
// direct and cached I/O (a file system may refuse direct I/O, and a file's last partial block
// can only go cached). Why iotscope bypasses the page cache: docs/architecture.md.
#include <fcntl.h>

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace iotscope {

// 4 KiB covers every common device's logical block.
inline constexpr std::size_t kDirectIoAlignment = 4096;

inline constexpr std::size_t round_up_to_direct_io(std::size_t bytes) {
  return (bytes + kDirectIoAlignment - 1) / kDirectIoAlignment * kDirectIoAlignment;
}

struct AlignedFree {
  void operator()(char* p) const noexcept { std::free(p); }
};
using AlignedBuffer = std::unique_ptr<char, AlignedFree>;

// `bytes` rounded up to the alignment; nullptr when memory runs out.
inline AlignedBuffer make_aligned_buffer(std::size_t bytes) {
  return AlignedBuffer(
      static_cast<char*>(std::aligned_alloc(kDirectIoAlignment, round_up_to_direct_io(bytes))));
}

// Turns O_DIRECT on or off for `fd`; false when the file system or descriptor refuses.
inline bool set_direct_io(int fd, bool direct) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return false;
  return ::fcntl(fd, F_SETFL, direct ? flags | O_DIRECT : flags & ~O_DIRECT) == 0;
}

// Leaves direct I/O for the rest of the file (a refused or misaligned transfer); `direct` says
// what the descriptor now does.
inline void leave_direct_io(int fd, bool& direct) {
  if (direct && set_direct_io(fd, false)) direct = false;
}

}  // namespace iotscope
