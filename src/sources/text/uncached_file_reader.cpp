#include "sources/text/uncached_file_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

namespace iotscope {
namespace {

constexpr std::size_t kBlocks = 4;  // 16 MiB ahead per file at the default block size

// True when less than half of the mapped pages are in the page cache.
bool mostly_uncached(const void* data, std::size_t size) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> flags((size + page - 1) / page);
  if (::mincore(const_cast<void*>(data), size, flags.data()) != 0) return false;
  std::size_t resident = 0;
  for (const unsigned char f : flags) resident += f & 1U;
  return resident * 2 < flags.size();
}

}  // namespace

bool should_bypass_page_cache(const std::string& path, std::uint64_t min_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  const bool large = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                     static_cast<std::uint64_t>(info.st_size) >= min_bytes && info.st_size > 0;
  void* data =
      large ? ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_SHARED, fd, 0)
            : MAP_FAILED;
  ::close(fd);
  if (data == MAP_FAILED) return false;
  const auto size = static_cast<std::size_t>(info.st_size);
  const bool uncached = mostly_uncached(data, size);
  ::munmap(data, size);
  return uncached;
}

std::unique_ptr<UncachedFileReader> UncachedFileReader::open(const std::string& path,
                                                             std::string& error,
                                                             std::size_t block_bytes) {
  std::uint64_t size = 0;
  const int fd = open_plain_file(path, error, size);
  if (fd < 0) return nullptr;
  const bool direct = set_direct_io(fd, true);
  const std::size_t aligned = round_up_to_direct_io(std::max<std::size_t>(block_bytes, 1));
  auto reader = std::unique_ptr<UncachedFileReader>(new UncachedFileReader(fd, direct, aligned));
  reader->file_size_ = size;
  return reader;
}

UncachedFileReader::UncachedFileReader(int fd, bool direct, std::size_t block_bytes)
    : fd_(fd), direct_(direct), block_bytes_(block_bytes), blocks_(kBlocks) {
  for (Block& block : blocks_) {
    block.data = make_aligned_buffer(block_bytes_);
    if (!block.data) {
      ::close(fd_);
      throw std::bad_alloc();
    }
  }
  thread_ = std::jthread([this](const std::stop_token& stop) { fill_ahead(stop); });
}

UncachedFileReader::~UncachedFileReader() {
  thread_.request_stop();
  {
    const std::lock_guard lock(mutex_);
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

void UncachedFileReader::fill_ahead(const std::stop_token& stop) {
  std::size_t next = 0;  // the ring slot this thread fills next
  while (true) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop.stop_requested() || filled_ < blocks_.size(); });
      if (stop.stop_requested()) return;
    }
    // The slot is free: the consumer only touches filled blocks.
    const bool more = fill(blocks_[next]);
    const std::lock_guard lock(mutex_);
    if (blocks_[next].size > 0) {
      ++filled_;
      next = (next + 1) % blocks_.size();
    }
    if (!more) ended_ = true;
    changed_.notify_all();
    if (!more) return;
  }
}

bool UncachedFileReader::fill(Block& block) {
  block.size = 0;
  while (block.size < block_bytes_) {
    const ssize_t got = ::pread(fd_, block.data.get() + block.size, block_bytes_ - block.size,
                                static_cast<off_t>(offset_));
    if (got > 0) {
      block.size += static_cast<std::size_t>(got);
      offset_ += static_cast<std::uint64_t>(got);
      // O_DIRECT returns whole logical blocks except at the end of the file; a partial one
      // elsewhere (a file system's own rule) would misalign the next read: go on cached.
      if (offset_ % kDirectIoAlignment != 0) leave_direct_io(fd_, direct_);
      continue;
    }
    if (got == 0) return false;
    const int saved_errno = errno;
    if (saved_errno == EINTR) continue;
    // The file system refused this direct read: the rest goes through the page cache.
    if (saved_errno == EINVAL && direct_) {
      leave_direct_io(fd_, direct_);
      if (!direct_) continue;
    }
    const std::lock_guard lock(mutex_);
    thread_error_ = fmt::format("read error at byte {}: {}", offset_, std::strerror(saved_errno));
    return false;
  }
  return true;
}

std::size_t UncachedFileReader::read(std::span<char> out) {
  std::size_t copied = 0;
  while (copied < out.size()) {
    Block* head = nullptr;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return filled_ > 0 || ended_; });
      if (filled_ == 0) {
        if (!thread_error_.empty() && !stream_error_) stream_error_ = thread_error_;
        break;
      }
      head = &blocks_[head_];
    }
    const std::size_t n = std::min(out.size() - copied, head->size - used_);
    std::memcpy(out.data() + copied, head->data.get() + used_, n);
    copied += n;
    used_ += n;
    if (used_ == head->size) {
      const std::lock_guard lock(mutex_);
      used_ = 0;
      head_ = (head_ + 1) % blocks_.size();
      --filled_;
      changed_.notify_all();
    }
  }
  consumed_ += copied;
  return copied;
}

}  // namespace iotscope
