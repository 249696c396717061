#include "sources/text/uncached_file_reader.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "../temp_dir.hpp"

namespace iotscope::testing {
namespace {

constexpr std::size_t kBlock = 8192;  // small blocks: a few KB of file cross several of them

std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  std::uint32_t state = 7;
  for (char& c : text) {
    state = state * 1103515245U + 12345U;
    c = static_cast<char>(state >> 24);
  }
  return text;
}

// Reads the whole file in pieces of `piece` bytes.
std::string read_all(UncachedFileReader& reader, std::size_t piece) {
  std::string out;
  std::vector<char> buffer(piece);
  while (true) {
    const std::size_t got = reader.read(buffer);
    if (got == 0) break;
    out.append(buffer.data(), got);
    EXPECT_EQ(reader.consumed_bytes(), out.size());
  }
  return out;
}

// O_DIRECT only where the file system takes it; the bytes must be the same either way.
bool file_system_takes_direct_io(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECT);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

TEST(UncachedFileReader, DeliversEveryByteInOrderWhateverTheSizes) {
  TempDir dir("uncached-reader");
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095},
                                 std::size_t{4096}, std::size_t{4097}, 5 * kBlock + 17}) {
    const std::string text = pattern(size);
    const auto path = dir.file("f" + std::to_string(size), text);
    for (const std::size_t piece : {std::size_t{1000}, kBlock, 3 * kBlock}) {
      SCOPED_TRACE(::testing::Message() << "size " << size << " piece " << piece);
      std::string error;
      auto reader = UncachedFileReader::open(path, error, kBlock);
      ASSERT_NE(reader, nullptr) << error;
      EXPECT_EQ(reader->file_size(), size);
      EXPECT_EQ(reader->compression(), Compression::none);
      const std::string got = read_all(*reader, piece);
      EXPECT_EQ(got.size(), text.size());
      EXPECT_TRUE(got == text);
      EXPECT_FALSE(reader->stream_error().has_value());
      EXPECT_EQ(reader->read(std::span<char>()), 0U);
      if (size % kDirectIoAlignment == 0) {
        EXPECT_EQ(reader->bypasses_page_cache(), file_system_takes_direct_io(path));
      }
    }
  }
}

TEST(UncachedFileReader, StopsCleanlyWhenDroppedHalfWay) {
  TempDir dir("uncached-drop");
  const auto path = dir.file("big", pattern(40 * kBlock));
  std::string error;
  auto reader = UncachedFileReader::open(path, error, kBlock);
  ASSERT_NE(reader, nullptr) << error;
  std::vector<char> buffer(kBlock / 2);
  EXPECT_EQ(reader->read(buffer), buffer.size());
  reader.reset();  // the thread is still reading ahead: the destructor must stop and join it
}

TEST(UncachedFileReader, MissingFileAndFolderAreRefusedWithTheOsReason) {
  TempDir dir("uncached-missing");
  std::string error;
  EXPECT_EQ(UncachedFileReader::open(dir.path("absent.csv"), error), nullptr);
  EXPECT_EQ(error, "No such file or directory");
  error.clear();
  EXPECT_EQ(UncachedFileReader::open(dir.dir().string(), error), nullptr);
  EXPECT_EQ(error, "Is a directory");
  error.clear();
  EXPECT_EQ(UncachedFileReader::open("/dev/null", error), nullptr);
  EXPECT_EQ(error, "not a regular file");
}

TEST(UncachedFileReader, OnlyLargeFilesMostlyOutsideThePageCacheBypassIt) {
  TempDir dir("uncached-choice");
  const auto small = dir.file("small.csv", pattern(4096));
  EXPECT_FALSE(should_bypass_page_cache(small, 1U << 20));
  EXPECT_FALSE(should_bypass_page_cache(dir.path("absent.csv"), 0));
  const auto large = dir.file("large.csv", pattern(4U << 20));
  // Just written: its pages are in the page cache, so mapping it is the faster way.
  EXPECT_FALSE(should_bypass_page_cache(large, 1U << 20));
  const int fd = ::open(large.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
  struct statfs where {};
  ASSERT_EQ(::statfs(large.c_str(), &where), 0);
  if (where.f_type == TMPFS_MAGIC || where.f_type == RAMFS_MAGIC)
    GTEST_SKIP() << "the temporary folder is in memory: its pages never leave the page cache";
  EXPECT_TRUE(should_bypass_page_cache(large, 1U << 20));
  EXPECT_FALSE(should_bypass_page_cache(large, 8U << 20));  // below the size that pays
}

}  // namespace
}  // namespace iotscope::testing
