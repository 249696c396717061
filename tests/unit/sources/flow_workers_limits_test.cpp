// A flood cannot pile finished connections up inside an epoch: past epoch_packets tracked packets
// the reader ends the epoch early and hands them on, and the output stays the same for any
// number of workers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sources/pcap/flow_workers.hpp"

namespace iotscope {
namespace {

constexpr std::int64_t kStartNs = 1'700'000'000 * kNanosPerSecond;

DecodedPacket syn(std::int64_t ts_ns, std::uint32_t source) {
  DecodedPacket p;
  p.ts_ns = ts_ns;
  p.kind = PacketKind::ip;
  p.ip_version = 4;
  p.ip_protocol = ip_protocol::tcp;
  p.src_ip = IpAddress::v4(0xCB007100u + source);  // spoofed sources
  p.dst_ip = IpAddress::v4(0xC0A8010Au);           // 192.168.1.10
  p.src_port = static_cast<std::uint16_t>(1024 + source % 60000);
  p.dst_port = 80;
  p.tcp_flags = tcp_flag::syn;
  p.tcp_seq = source * 7919U;
  p.ip_length = 40;
  return p;
}

struct Handed {
  std::vector<std::string> rows;
  std::size_t before_finish = 0;
  FlowTableStats stats;
};

// `count` SYNs spread evenly over `span_ns` of network time.
Handed flood(unsigned workers, std::uint32_t max_connections, std::uint64_t epoch_packets,
             std::uint32_t count, std::int64_t span_ns) {
  FlowWorkersOptions options;
  options.workers = workers;
  options.flow_table.max_connections = max_connections;
  options.epoch_packets = epoch_packets;
  options.inspect_payload = false;
  Handed out;
  FlowWorkers flows(options, [&out](const Connection& c, InspectionResult&&) {
    out.rows.push_back(fmt::format("{:x} {} {} {} {}", c.uid, c.start_ns, c.close_ns,
                                   c.orig.ip.to_string(), close_reason_name(c.close_reason)));
  });
  for (std::uint32_t i = 0; i < count; ++i) {
    flows.add(syn(kStartNs + span_ns * i / count, i));
  }
  out.before_finish = out.rows.size();
  flows.finish();
  out.stats = flows.stats();
  return out;
}

TEST(FlowWorkersLimits, WithinOneSecondNothingIsHandedOnBeforeTheEnd) {
  const Handed handed = flood(1, 1000, UINT64_MAX, 20'000, kNanosPerSecond / 2);
  EXPECT_EQ(handed.before_finish, 0U);
  EXPECT_EQ(handed.rows.size(), 20'000U);
  EXPECT_EQ(handed.stats.evictions, 19'000U);
}

TEST(FlowWorkersLimits, AFloodEndsEpochsByPackets) {
  const Handed handed = flood(1, 1000, 2000, 20'000, kNanosPerSecond / 2);
  // Every evicted connection but those of the last epoch was handed on while reading.
  EXPECT_GE(handed.before_finish, 19'000U - 2000U);
  EXPECT_EQ(handed.rows.size(), 20'000U);
  EXPECT_EQ(handed.stats.evictions, 19'000U);
}

TEST(FlowWorkersLimits, EpochsByPacketsGiveTheSameOutputForAnyNumberOfWorkers) {
  // 20 s of SYNs: their attempt timers end them, in epochs ended by time and by packets.
  const Handed one = flood(1, 1U << 16, 700, 20'000, 20 * kNanosPerSecond);
  const Handed two = flood(2, 1U << 16, 700, 20'000, 20 * kNanosPerSecond);
  const Handed three = flood(3, 1U << 16, 700, 20'000, 20 * kNanosPerSecond);
  ASSERT_EQ(one.rows.size(), 20'000U);
  EXPECT_EQ(one.stats.evictions, 0U);
  EXPECT_EQ(one.rows, two.rows);
  EXPECT_EQ(one.rows, three.rows);
}

// At the end of input the connections still open come from every worker in sorted slices, which
// the reader merges while the workers emit the rest: the same rows for any number of workers, in
// order of close time, then start time, whether or not a worker has to wait for the reader.
TEST(FlowWorkersLimits, TheConnectionsOpenAtTheEndComeInOrderForAnyNumberOfWorkers) {
  // 12 s of SYNs: those of the last 5 s (about 42,000) are still open at the end, more than the
  // slices in flight of two workers hold.
  const Handed one = flood(1, 1U << 17, UINT64_MAX, 100'000, 12 * kNanosPerSecond);
  const Handed two = flood(2, 1U << 17, UINT64_MAX, 100'000, 12 * kNanosPerSecond);
  const Handed three = flood(3, 1U << 17, UINT64_MAX, 100'000, 12 * kNanosPerSecond);
  ASSERT_EQ(one.rows.size(), 100'000U);
  EXPECT_GT(one.rows.size() - one.before_finish, 40'000U);
  EXPECT_EQ(one.rows, two.rows);
  EXPECT_EQ(one.rows, three.rows);
  std::pair<std::int64_t, std::int64_t> previous{INT64_MIN, INT64_MIN};
  for (std::size_t i = two.before_finish; i < two.rows.size(); ++i) {
    std::istringstream fields(two.rows[i]);
    std::string uid;
    std::pair<std::int64_t, std::int64_t> start_close;
    fields >> uid >> start_close.second >> start_close.first;  // (close, start)
    ASSERT_LE(previous, start_close) << i;
    previous = start_close;
  }
}

TEST(FlowWorkersLimits, AnErrorWhileHandingOnTheLastConnectionsStopsEveryWorker) {
  FlowWorkersOptions options;
  options.workers = 2;
  options.flow_table.max_connections = 1U << 17;
  options.inspect_payload = false;
  std::size_t handed = 0;
  const auto run = [&] {
    FlowWorkers flows(options, [&handed](const Connection&, InspectionResult&&) {
      if (++handed == 100) throw std::runtime_error("disk full");
    });
    // 50,000 connections open at the end: the workers wait for the reader to take slices.
    for (std::uint32_t i = 0; i < 50'000; ++i) flows.add(syn(kStartNs + std::int64_t{i} * 1000, i));
    flows.finish();
  };
  EXPECT_THROW(run(), std::runtime_error);  // and no worker is left waiting
  EXPECT_EQ(handed, 100U);
}

}  // namespace
}  // namespace iotscope
