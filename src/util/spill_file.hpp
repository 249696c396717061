#pragma once
// A scratch file for what a run must keep but not hold in memory: at 50,000 homes the reduced
// summaries and the findings are 5 GB, more than the memory the whole run may use. The file has
// no name (O_TMPFILE, or unlinked at once where the file system lacks it), so it is gone when
// the run ends, however it ends.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>

namespace iotscope {

// Where an appended block sits in the file.
struct SpillExtent {
  std::uint64_t offset = 0;
  std::uint64_t bytes = 0;
};

class SpillFile {
 public:
  // Throws std::runtime_error naming the folder when no file can be made there.
  explicit SpillFile(const std::filesystem::path& directory);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  SpillFile(SpillFile&&) = delete;
  SpillFile& operator=(SpillFile&&) = delete;

  // Thread-safe. Throws std::runtime_error naming the folder when the disk is full.
  SpillExtent append(std::span<const std::byte> bytes);
  // Thread-safe; `into` must be extent.bytes long. Throws when the file is shorter.
  void read(SpillExtent extent, std::span<std::byte> into) const;
  std::uint64_t size() const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::uint64_t size_ = 0;
};

// The folder for spill files: $TMPDIR, else /var/tmp. Not /tmp: where /tmp is a tmpfs (Debian 13
// and others), a file there is memory, the very thing the spill file is to save.
std::filesystem::path default_spill_directory();

}  // namespace iotscope
