#include "util/uncached_output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace iotscope {

UncachedOutputFile::UncachedOutputFile(const std::filesystem::path& file, std::size_t block_bytes)
    : file_(file), block_bytes_(round_up_to_direct_io(std::max<std::size_t>(block_bytes, 1))) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error(
        fmt::format("{}: cannot open for writing: {}", file.string(), std::strerror(errno)));
  }
  direct_ = set_direct_io(fd_, true);
  block_ = make_aligned_buffer(block_bytes_);
  if (!block_) {
    ::close(fd_);
    throw std::runtime_error(fmt::format("{}: no memory for the write buffer", file.string()));
  }
  setp(block_.get(), block_.get() + block_bytes_);
}

UncachedOutputFile::~UncachedOutputFile() {
  if (fd_ < 0) return;
  try {
    close();
  } catch (const std::exception&) {
    // A destructor must not throw; writers that care call close() (see the header).
  }
}

bool UncachedOutputFile::write_all(const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t done = ::write(fd_, data, size);
    if (done > 0) {
      data += done;
      size -= static_cast<std::size_t>(done);
      written_ += static_cast<std::uint64_t>(done);
      continue;
    }
    const int saved_errno = done < 0 ? errno : EIO;
    if (saved_errno == EINTR) continue;
    if (saved_errno == EINVAL && direct_) {  // this file system refuses direct writes
      leave_direct_io(fd_, direct_);
      if (!direct_) continue;
    }
    error_ = fmt::format("write failed at byte {}: {}", written_, std::strerror(saved_errno));
    return false;
  }
  return true;
}

bool UncachedOutputFile::write_block() {
  const auto size = static_cast<std::size_t>(pptr() - pbase());
  // Only whole aligned blocks can go direct; the tail (at close) goes through the page cache.
  if (size % kDirectIoAlignment != 0 || written_ % kDirectIoAlignment != 0)
    leave_direct_io(fd_, direct_);
  const bool ok = error_.empty() && write_all(pbase(), size);
  setp(block_.get(), block_.get() + block_bytes_);
  return ok;
}

UncachedOutputFile::int_type UncachedOutputFile::overflow(int_type c) {
  if (!write_block()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

void UncachedOutputFile::close() {
  if (fd_ < 0) return;
  write_block();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0 && error_.empty())
    error_ = fmt::format("close failed: {}", std::strerror(errno));
  if (!error_.empty()) throw std::runtime_error(fmt::format("{}: {}", file_.string(), error_));
}

}  // namespace iotscope
