#pragma once
// Reads a plain file that is not in the page cache around the page cache (O_DIRECT), into a
// few reused blocks filled ahead by a thread of the reader's own.
//
// Why: on the virtual machines this tool is measured on, the first touch of a freshly filled
// page-cache page costs far more than the disk read itself. Reading a cold 9.1 GB flows file
// with `dd bs=8M` took 17.5 s and 16.6 s of system time; with `iflag=direct`, 9.3 s and 0.6 s
// (bench/RESULTS.md). Memory-mapping it pays the same cost as user time on the first touch. The
// blocks here are touched once and then reused, so a cold 18 GB dataset costs no fresh memory.
// A file already mostly in the page cache is faster mapped (see should_bypass_page_cache).
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "sources/text/compressed_file.hpp"
#include "util/direct_io.hpp"

namespace iotscope {

// True when reading `path` around the page cache should pay: a plain file of at least
// `min_bytes` of which less than half is resident in the page cache (mincore).
bool should_bypass_page_cache(const std::string& path, std::uint64_t min_bytes);

class UncachedFileReader final : public DecompressingReader {
 public:
  // nullptr with `error` set when the file cannot be opened. Where the file system refuses
  // O_DIRECT the file is read through the page cache instead, still ahead on the thread.
  static std::unique_ptr<UncachedFileReader> open(const std::string& path, std::string& error,
                                                  std::size_t block_bytes = kDefaultBlockBytes);
  ~UncachedFileReader() override;
  UncachedFileReader(const UncachedFileReader&) = delete;
  UncachedFileReader& operator=(const UncachedFileReader&) = delete;

  std::size_t read(std::span<char> out) override;
  Compression compression() const override { return Compression::none; }
  std::uint64_t consumed_bytes() const override { return consumed_; }
  // False when the file system refused O_DIRECT (the file went through the page cache).
  bool bypasses_page_cache() const { return direct_; }

  static constexpr std::size_t kDefaultBlockBytes = std::size_t{4} << 20;

 private:
  struct Block {
    AlignedBuffer data;
    std::size_t size = 0;  // bytes filled
  };

  UncachedFileReader(int fd, bool direct, std::size_t block_bytes);
  void fill_ahead(const std::stop_token& stop);
  // Reads up to block_bytes_ at offset_ into `block`; false at the end or on an error.
  bool fill(Block& block);

  int fd_;
  bool direct_;
  const std::size_t block_bytes_;
  std::uint64_t offset_ = 0;  // next file offset the thread reads

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Block> blocks_;  // a ring: [head_, head_ + filled_) are filled, in file order
  std::size_t head_ = 0;
  std::size_t filled_ = 0;
  bool ended_ = false;        // the thread filled its last block
  std::string thread_error_;  // set by the thread before ended_

  std::size_t used_ = 0;  // bytes of the head block already handed out (consumer only)
  std::uint64_t consumed_ = 0;
  std::jthread thread_;  // last: it starts once everything above exists
};

}  // namespace iotscope
