#include "sources/pcap/read_buffers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <vector>

namespace iotscope {
namespace {

constexpr std::size_t kBytes = 64;

// Fills the current buffer with `first`, `first + 1`, ...
void fill(const ReadBuffers& buffers, std::uint8_t first) {
  const auto bytes = buffers.current();
  std::iota(bytes.begin(), bytes.end(), first);
}

TEST(ReadBuffers, LendNothingUntilAsked) {
  ReadBuffers buffers(kBytes);
  EXPECT_EQ(buffers.lendable(), nullptr);
  fill(buffers, 0);
  buffers.renew(60, 4);  // the last four bytes move to the front of the same buffer
  EXPECT_EQ(buffers.lendable(), nullptr);
  EXPECT_EQ(buffers.buffers(), 1U);
  EXPECT_EQ(buffers.current()[0], 60);
  EXPECT_EQ(buffers.current()[3], 63);
}

TEST(ReadBuffers, AHeldBufferIsNotFilledAgain) {
  ReadBuffers buffers(kBytes);
  buffers.lend_at_most(4);
  buffers.renew(0, 0);
  const LendableBuffer* first = buffers.lendable();
  ASSERT_NE(first, nullptr);
  fill(buffers, 0);
  std::shared_ptr<const std::uint8_t[]> held = first->bytes;  // a batch holds it

  buffers.renew(62, 2);  // a record straddles the refill: its start moves along
  const LendableBuffer* second = buffers.lendable();
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second->bytes.get(), held.get());
  EXPECT_EQ(buffers.current()[0], 62);
  EXPECT_EQ(buffers.current()[1], 63);
  fill(buffers, 100);
  for (std::size_t i = 0; i < kBytes; ++i) EXPECT_EQ(held[i], i) << i;  // untouched

  // Let go of: the reader fills it again instead of making another.
  held.reset();
  std::shared_ptr<const std::uint8_t[]> second_held = second->bytes;
  buffers.renew(kBytes, 0);
  EXPECT_EQ(buffers.buffers(), 3U);  // the one lent to no one and two lendable ones
  EXPECT_NE(buffers.lendable()->bytes.get(), second_held.get());
}

TEST(ReadBuffers, WhenEveryLendableBufferIsHeldTheReaderLendsNone) {
  ReadBuffers buffers(kBytes);
  buffers.lend_at_most(2);
  std::vector<std::shared_ptr<const std::uint8_t[]>> holders;
  for (int i = 0; i < 2; ++i) {
    buffers.renew(0, 0);
    ASSERT_NE(buffers.lendable(), nullptr) << i;
    holders.push_back(buffers.lendable()->bytes);
  }
  fill(buffers, 7);
  buffers.renew(60, 4);
  EXPECT_EQ(buffers.lendable(), nullptr);  // batches copy from this one
  EXPECT_EQ(buffers.current()[0], 67);
  EXPECT_EQ(buffers.buffers(), 3U);  // bounded: no third lendable buffer
  buffers.renew(0, 4);
  EXPECT_EQ(buffers.lendable(), nullptr);
  EXPECT_EQ(buffers.current()[0], 67);

  holders.front().reset();
  buffers.renew(0, 4);
  ASSERT_NE(buffers.lendable(), nullptr);  // lending again as soon as one is let go of
  EXPECT_EQ(buffers.current()[0], 67);
  EXPECT_EQ(buffers.buffers(), 3U);
}

}  // namespace
}  // namespace iotscope
