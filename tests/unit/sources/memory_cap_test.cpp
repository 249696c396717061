// --max-memory: sizes as users write them, and how one cap is shared out among what a capture
// read grows.
#include "sources/pcap/memory_cap.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

TEST(MemoryCap, SizesInBinaryUnits) {
  EXPECT_EQ(parse_memory_size("512M"), 512 * kMiB);
  EXPECT_EQ(parse_memory_size("512m"), 512 * kMiB);
  EXPECT_EQ(parse_memory_size("256MiB"), 256 * kMiB);
  EXPECT_EQ(parse_memory_size("2G"), 2 * kGiB);
  EXPECT_EQ(parse_memory_size("2GB"), 2 * kGiB);
  EXPECT_EQ(parse_memory_size("1.5G"), 3 * kGiB / 2);
  EXPECT_EQ(parse_memory_size("1T"), 1024 * kGiB);
  EXPECT_EQ(parse_memory_size("4096K"), 4 * kMiB);
  EXPECT_EQ(parse_memory_size("1048576"), kMiB);
  EXPECT_EQ(parse_memory_size("1048576B"), kMiB);
}

TEST(MemoryCap, NoSizeForTextThatIsNone) {
  for (const char* text : {"", "M", "-1G", "0", "12Q", "1 G", "512MM", "nan", "inf", "1e400G"}) {
    EXPECT_FALSE(parse_memory_size(text)) << text;
  }
  EXPECT_FALSE(parse_memory_size("1000K")) << "below 1 MiB";
}

TEST(MemoryCap, SizesForMessages) {
  EXPECT_EQ(memory_size_text(256 * kMiB), "256 MiB");
  EXPECT_EQ(memory_size_text(3 * kGiB / 2), "1.5 GiB");
}

TEST(MemoryCap, DefaultIsAtMostFourGiB) {
  EXPECT_LE(default_memory_cap(), 4 * kGiB);
  EXPECT_GE(default_memory_cap(), minimum_memory_cap(1));
}

TEST(MemoryCap, EveryLimitGrowsWithTheCap) {
  CaptureLimits previous = capture_limits(minimum_memory_cap(2), 2, true);
  for (std::uint64_t cap = 128 * kMiB; cap <= 16 * kGiB; cap *= 2) {
    const CaptureLimits limits = capture_limits(cap, 2, true);
    EXPECT_GE(limits.max_connections, previous.max_connections) << cap;
    EXPECT_GE(limits.max_inspected_tcp, previous.max_inspected_tcp) << cap;
    EXPECT_GE(limits.max_inspected_other, previous.max_inspected_other) << cap;
    EXPECT_GE(limits.max_buffered_bytes, previous.max_buffered_bytes) << cap;
    EXPECT_GE(limits.max_engine_flows, previous.max_engine_flows) << cap;
    EXPECT_GE(limits.epoch_packets, previous.epoch_packets) << cap;
    EXPECT_GE(limits.batch_bytes, previous.batch_bytes) << cap;
    EXPECT_GE(limits.batches_in_flight, previous.batches_in_flight) << cap;
    EXPECT_GE(limits.lent_read_buffers, previous.lent_read_buffers) << cap;
    EXPECT_GE(limits.fragments.max_reassemblies, previous.fragments.max_reassemblies) << cap;
    previous = limits;
  }
}

TEST(MemoryCap, AQuarterGiBHoldsTensOfThousandsOfConnections) {
  const CaptureLimits limits = capture_limits(256 * kMiB, 2, true);
  EXPECT_GT(limits.max_connections, 30'000U);
  EXPECT_LT(limits.max_connections, 100'000U);
  EXPECT_GT(limits.max_engine_flows, 100'000U);
  EXPECT_LT(limits.max_engine_flows, 400'000U);
  EXPECT_GT(limits.max_inspected_other, limits.max_inspected_tcp);
  // An epoch ends well before the finished connections it holds rival the table.
  EXPECT_LE(limits.epoch_packets, limits.max_connections / 4);
  EXPECT_LE(limits.batch_bytes, std::size_t{1} << 20);
  EXPECT_GE(limits.fragments.max_reassemblies, 32U);
  EXPECT_LE(limits.fragments.max_reassemblies, 64U);
}

// The default cap on a 24 GiB machine inspects every connection of the lab capture
// (bench/RESULTS.md 5.00: 6,176 TCP and 77,700 UDP connections waited for more payload at once,
// over 2 workers); the stream buffers hold a thousand stalled TLS handshakes (170 KiB each).
TEST(MemoryCap, FourGiBInspectsABusyHome) {
  const CaptureLimits limits = capture_limits(4 * kGiB, 2, true);
  EXPECT_GE(limits.max_inspected_tcp, 20'000U);
  EXPECT_GE(limits.max_inspected_other, 80'000U);
  EXPECT_GE(limits.max_buffered_bytes, 1000U * 170 * 1024);
  EXPECT_LE(limits.max_buffered_bytes, 4 * kGiB / 10);
}

TEST(MemoryCap, WithoutRecordsTheTablesGetTheEnginesShare) {
  const CaptureLimits analyze = capture_limits(kGiB, 2, true);
  const CaptureLimits flows = capture_limits(kGiB, 2, false);
  EXPECT_EQ(flows.max_engine_flows, 0U);
  EXPECT_GT(flows.max_connections, analyze.max_connections);
  EXPECT_GT(flows.max_inspected_tcp, analyze.max_inspected_tcp);
  EXPECT_GT(flows.max_inspected_other, analyze.max_inspected_other);
}

TEST(MemoryCap, EachWorkerCostsItsOwnModules) {
  const CaptureLimits one = capture_limits(512 * kMiB, 1, true);
  const CaptureLimits eight = capture_limits(512 * kMiB, 8, true);
  EXPECT_LT(eight.max_connections, one.max_connections);
  EXPECT_LT(eight.max_engine_flows, one.max_engine_flows);
}

TEST(MemoryCap, ATinyCapStillReadsSmallCaptures) {
  const CaptureLimits limits = capture_limits(kMiB, 4, true);
  EXPECT_GE(limits.max_connections, 4096U);
  EXPECT_GE(limits.max_inspected_tcp, 256U);
  EXPECT_GE(limits.max_inspected_other, 256U);
  EXPECT_GE(limits.max_buffered_bytes, 4U << 20);
  EXPECT_GE(limits.max_engine_flows, 65536U);
  EXPECT_GE(limits.fragments.max_reassemblies, 4U);
  EXPECT_GE(limits.batch_bytes, std::size_t{64} * 1024);
}

}  // namespace
}  // namespace iotscope
