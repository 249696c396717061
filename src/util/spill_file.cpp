#include "util/spill_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace iotscope {
namespace {

std::string spill_error(const std::filesystem::path& directory, const char* what, int error) {
  return fmt::format("{}: cannot {} the run's spill file: {}", directory.string(), what,
                     std::strerror(error));
}

int open_unnamed(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  // O_TMPFILE needs file system support: fall back to a named file removed at once.
  std::string name = (directory / "iotscope-spill-XXXXXX").string();
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named < 0) throw std::runtime_error(spill_error(directory, "create", errno));
  ::unlink(name.c_str());
  return named;
}

}  // namespace

SpillFile::SpillFile(const std::filesystem::path& directory)
    : directory_(directory), fd_(open_unnamed(directory)) {}

SpillFile::~SpillFile() {
  ::close(fd_);
}

SpillExtent SpillFile::append(std::span<const std::byte> bytes) {
  const std::lock_guard lock(mutex_);
  const SpillExtent extent{size_, bytes.size()};
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      // Nothing of this block counts: a later append starts where this one did.
      throw std::runtime_error(spill_error(directory_, "write to", error));
    }
    done += static_cast<std::size_t>(n);
  }
  size_ += bytes.size();
  return extent;
}

void SpillFile::read(SpillExtent extent, std::span<std::byte> into) const {
  if (into.size() != extent.bytes) throw std::invalid_argument("spill read of the wrong length");
  std::size_t done = 0;
  while (done < into.size()) {
    const ssize_t n = ::pread(fd_, into.data() + done, into.size() - done,
                              static_cast<off_t>(extent.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::runtime_error(fmt::format("{}: the run's spill file ends at byte {} (wanted {})",
                                           directory_.string(), extent.offset + done,
                                           extent.offset + extent.bytes));
    }
    done += static_cast<std::size_t>(n);
  }
}

std::uint64_t SpillFile::size() const {
  const std::lock_guard lock(mutex_);
  return size_;
}

std::filesystem::path default_spill_directory() {
  const char* tmpdir = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): read once
  if (tmpdir != nullptr && *tmpdir != '\0') return tmpdir;
  return "/var/tmp";
}

}  // namespace iotscope
