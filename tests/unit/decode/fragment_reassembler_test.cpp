// The reassembler on its own: bounds, timeouts and conflicting fragments.
#include "decode/fragment_reassembler.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace iotscope {
namespace {

std::vector<std::uint8_t> counting(std::size_t size) {
  std::vector<std::uint8_t> bytes(size);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
  return bytes;
}

FragmentPiece piece(std::uint32_t id, std::uint32_t offset, bool more,
                    std::span<const std::uint8_t> data, std::int64_t ts_ns = 0) {
  FragmentPiece p;
  p.key.id = id;
  p.key.ip_version = 4;
  p.offset = offset;
  p.more_fragments = more;
  p.data = data;
  p.ts_ns = ts_ns;
  p.next_protocol = 17;
  return p;
}

TEST(FragmentReassembler, CompletesWhenEveryByteIsThere) {
  FragmentReassembler r;
  const auto data = counting(100);
  const auto head = std::span(data).first(64);
  const auto tail = std::span(data).subspan(64);
  EXPECT_EQ(r.add(piece(1, 64, false, tail)).status, Reassembly::Status::incomplete);
  const Reassembly done = r.add(piece(1, 0, true, head));
  ASSERT_EQ(done.status, Reassembly::Status::complete);
  EXPECT_EQ(done.next_protocol, 17);
  ASSERT_EQ(done.datagram.size(), 100U);
  EXPECT_TRUE(std::equal(done.datagram.begin(), done.datagram.end(), data.begin()));
}

TEST(FragmentReassembler, StaleReassembliesTimeOut) {
  FragmentLimits limits;
  limits.max_reassemblies = 2;
  limits.timeout_ns = 1000;
  FragmentReassembler r(limits);
  const auto data = counting(16);
  r.add(piece(1, 0, true, std::span(data).first(8), 0));
  r.add(piece(2, 0, true, std::span(data).first(8), 0));
  EXPECT_EQ(r.active_reassemblies(), 2U);
  r.add(piece(3, 0, true, std::span(data).first(8), 5000));
  EXPECT_EQ(r.timed_out(), 2U);
  EXPECT_EQ(r.evicted(), 0U);
  EXPECT_EQ(r.active_reassemblies(), 1U);
  // The tail of id 1 arrives after the timeout: it starts over instead of completing.
  EXPECT_EQ(r.add(piece(1, 8, false, std::span(data).subspan(8), 5001)).status,
            Reassembly::Status::incomplete);
}

TEST(FragmentReassembler, ConflictingEndsAreRejected) {
  FragmentReassembler r;
  const auto data = counting(48);
  r.add(piece(1, 0, true, std::span(data).first(16)));
  r.add(piece(1, 32, false, std::span(data).subspan(32)));  // ends at 48
  const Reassembly second_end = r.add(piece(1, 16, false, std::span(data).subspan(16, 8)));
  EXPECT_EQ(second_end.status, Reassembly::Status::rejected);
  EXPECT_STREQ(second_end.issue, "two different final fragments");
  EXPECT_EQ(r.active_reassemblies(), 0U);

  r.add(piece(2, 0, false, std::span(data).first(16)));
  const Reassembly past = r.add(piece(2, 24, true, std::span(data).first(8)));
  // id 2 completed with its first piece (offset 0, no more fragments is a whole datagram).
  EXPECT_EQ(past.status, Reassembly::Status::incomplete);

  r.add(piece(3, 32, true, std::span(data).first(16)));
  const Reassembly early_end = r.add(piece(3, 0, false, std::span(data).first(16)));
  EXPECT_STREQ(early_end.issue, "data beyond the final fragment");
  r.add(piece(4, 0, false, std::span(data).subspan(0, 20)));
  r.add(piece(5, 0, true, std::span(data).first(8)));
  r.add(piece(5, 16, false, std::span(data).first(8)));
  EXPECT_STREQ(r.add(piece(5, 24, true, std::span(data).first(8))).issue,
               "fragment beyond the final fragment");
  EXPECT_STREQ(r.add(piece(6, 4, true, std::span(data).first(8))).issue,
               "fragment offset not a multiple of 8");
}

TEST(FragmentReassembler, BuffersAreReusedNotRegrown) {
  FragmentLimits limits;
  limits.max_reassemblies = 4;
  limits.max_datagram_bytes = 2048;
  FragmentReassembler r(limits);
  const auto data = counting(1024);
  for (std::uint32_t id = 0; id < 1000; ++id) {
    r.add(piece(id, 0, true, std::span(data).first(512), id));
    EXPECT_LE(r.reserved_bytes(), r.memory_bound());
  }
  EXPECT_EQ(r.reserved_bytes(), r.memory_bound());
  EXPECT_EQ(r.evicted(), 996U);
}

}  // namespace
}  // namespace iotscope
