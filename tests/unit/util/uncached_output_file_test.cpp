#include "util/uncached_output_file.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>
#include <string>

#include "../temp_dir.hpp"

namespace iotscope::testing {
namespace {

constexpr std::size_t kBlock = 8192;

std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return text;
}

TEST(UncachedOutputFile, WritesEveryByteWhateverTheSizeAndThePieces) {
  TempDir dir("uncached-output");
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095},
                                 std::size_t{4096}, std::size_t{4097}, kBlock, 3 * kBlock + 17}) {
    for (const std::size_t piece : {std::size_t{1}, std::size_t{1000}, 2 * kBlock}) {
      SCOPED_TRACE(::testing::Message() << "size " << size << " piece " << piece);
      const std::string text = pattern(size);
      const auto path = dir.path("out.txt");
      UncachedOutputFile file(path, kBlock);
      std::ostream out(&file);
      for (std::size_t at = 0; at < size; at += piece)
        out.write(text.data() + at, static_cast<std::streamsize>(std::min(piece, size - at)));
      out << std::flush;  // a flush in the middle must not write a partial block direct
      EXPECT_TRUE(out.good());
      file.close();
      EXPECT_TRUE(read_file_text(path) == text);
      EXPECT_EQ(read_file_text(path).size(), size);
    }
  }
}

TEST(UncachedOutputFile, ATruncatedOldFileIsReplacedAndTheDestructorCloses) {
  TempDir dir("uncached-replace");
  const auto path = dir.file("out.txt", std::string(50000, 'x'));
  {
    UncachedOutputFile file(path, kBlock);
    std::ostream out(&file);
    out << "short\n";
  }
  EXPECT_EQ(read_file_text(path), "short\n");
}

TEST(UncachedOutputFile, OpenAndWriteFailuresNameTheFileAndTheReason) {
  TempDir dir("uncached-fail");
  try {
    UncachedOutputFile file(dir.path("missing/out.txt"));
    FAIL() << "opened a file in a missing folder";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()),
              dir.path("missing/out.txt") + ": cannot open for writing: No such file or directory");
  }
  // /dev/full refuses every write with ENOSPC: the stream goes bad and close() says why.
  UncachedOutputFile full("/dev/full", kBlock);
  std::ostream out(&full);
  out << pattern(3 * kBlock);
  EXPECT_FALSE(out.good());
  try {
    full.close();
    FAIL() << "close() after failed writes did not throw";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()),
              "/dev/full: write failed at byte 0: No space left on device");
  }
}

}  // namespace
}  // namespace iotscope::testing
