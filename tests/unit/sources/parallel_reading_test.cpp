#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "dataset_test_support.hpp"

namespace iotscope::testing {
namespace {

const std::string kDatasetHeader =
    "user_key,device_id,device_port,remote_ip,remote_port,protocol,syn_originator,"
    "remote_hostname,in_byte_count,out_byte_count,in_pkt_count,out_pkt_count,ts\n";

// A deterministic, roughly time-ordered flows table: 40 homes of 5 devices, flows of a few
// windows each, some probe rows, a few quoted hostnames and one bad row.
std::vector<std::string> make_rows(int count) {
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  std::vector<std::string> rows;
  for (int i = 0; i < count; ++i) {
    const auto home = next(40);
    const auto device = next(5);
    const auto remote = next(3);
    const double ts = 1000.0 + i * 0.5 + static_cast<double>(next(20));  // slightly unordered
    const auto port = 40000 + next(8);
    const auto remote_port = next(50) == 0 ? 44444 : 443;
    const std::string host = next(10) == 0 ? "\"a, \"\"quoted\"\" name\"" : "api.example.com?";
    rows.push_back(fmt::format("HOME{:012d},s{:010x},{}.0,{},{},{},{},{},{},{},{},{},{:.2f}\n",
                               home, device, port,
                               remote == 0 ? "192.168.1." + std::to_string(device + 10)
                                           : "52.0.0." + std::to_string(remote),
                               remote_port, next(2) ? "tcp" : "udp", next(3) == 0 ? "local" : "",
                               host, next(5000), next(900), next(9), next(7), ts));
  }
  rows[count / 2] = "HOME000000000001,s0000000001,1,52.0.0.1,443,tcp,,,1,1,1,1,not-a-time\n";
  return rows;
}

std::string join(const std::vector<std::string>& rows, std::size_t from, std::size_t to) {
  std::string out = kDatasetHeader;
  for (std::size_t i = from; i < to; ++i) out += rows[i];
  return out;
}

std::string write_gzip(const std::string& path, const std::string& text) {
  gzFile out = gzopen(path.c_str(), "wb");
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  return path;
}

struct Snapshot {
  std::vector<std::string> flows;
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t dropped = 0;
  std::vector<std::string> issue_lines;
};

Snapshot snapshot(const ReadResult& result) {
  Snapshot s;
  s.flows = describe_all(result.flows);
  for (const auto& input : result.contents.inputs) {
    s.records += input.records;
    s.skipped += input.skipped;
    s.dropped += input.dropped;
    for (const auto& issue : input.issues)
      s.issue_lines.push_back(fmt::format("{}:{} {}", issue.line, issue.column, issue.message));
  }
  return s;
}

TEST(ParallelReading, ThreadsAndChunkSizesDoNotChangeTheResult) {
  TempDir dir("parallel");
  const auto rows = make_rows(6000);
  const auto path = dir.file("flows.csv", join(rows, 0, rows.size()));
  const auto reference = snapshot(read_dataset({path}, 1));
  EXPECT_EQ(reference.records + reference.dropped + reference.skipped, 6000U);
  EXPECT_EQ(reference.skipped, 1U);
  EXPECT_GT(reference.dropped, 50U);
  EXPECT_GT(reference.flows.size(), 500U);
  EXPECT_LT(reference.flows.size(), reference.records);  // windows did merge
  ASSERT_FALSE(reference.issue_lines.empty());
  EXPECT_EQ(reference.issue_lines[0],
            "3002:13 ts \"not-a-time\" is not a time (expected Unix seconds or an ISO 8601 UTC "
            "time)");
  struct Case {
    unsigned threads;
    std::size_t chunk;
  };
  for (const Case c : {Case{1, 2048}, Case{2, 2048}, Case{2, 777}, Case{3, 4096}, Case{2, 0}}) {
    SCOPED_TRACE(fmt::format("threads {} chunk {}", c.threads, c.chunk));
    const auto result = read_dataset({path}, c.threads, c.chunk);
    EXPECT_EQ(result.aggregators, static_cast<int>(c.threads));
    const auto got = snapshot(result);
    EXPECT_EQ(got.flows, reference.flows);
    EXPECT_EQ(got.records, reference.records);
    EXPECT_EQ(got.dropped, reference.dropped);
    EXPECT_EQ(got.issue_lines, reference.issue_lines);
  }
}

// Large uncached files are read around the page cache as a stream (uncached_file_reader.hpp):
// chunk cuts, line numbers and flows must be those of the memory-mapped path.
TEST(ParallelReading, ReadingAroundThePageCacheChangesNothing) {
  TempDir dir("uncached");
  const auto rows = make_rows(6000);
  const auto path = dir.file("flows.csv", join(rows, 0, rows.size()));
  const auto devices =
      dir.file("devices.csv",
               "user_key,device_id,device_ip,device_oui,dhcp_hostname,device_name,device_vendor,"
               "device_type,ua_list,suspected_pc,is_inspected,ts\n"
               "HOME000000000001,s0000000001,192.168.1.11,fca183,echo,Echo,Amazon,,,0,1,1000\n"
               "HOME000000000002,s0000000002,192.168.1.12,,,,\"Sonos, Inc.\",speaker,,0,1,1000\n");
  auto vendors = [](const ReadResult& result) {
    std::vector<std::string> out;
    for (const auto& d : result.contents.devices)
      out.push_back(fmt::format("{}/{}={}", d.home_id, d.source_id, d.labels.vendor));
    return out;
  };
  for (const unsigned threads : {1U, 2U}) {
    for (const std::size_t chunk : {std::size_t{777}, std::size_t{4096}, std::size_t{0}}) {
      SCOPED_TRACE(fmt::format("threads {} chunk {}", threads, chunk));
      const auto mapped =
          read_dataset({devices, path}, threads, chunk, 60, 50, {}, FileAccess::mapped);
      const auto uncached =
          read_dataset({devices, path}, threads, chunk, 60, 50, {}, FileAccess::uncached);
      const auto listed = vendors(mapped);
      EXPECT_EQ(vendors(uncached), listed);
      EXPECT_NE(std::find(listed.begin(), listed.end(), "HOME000000000002/s0000000002=Sonos, Inc."),
                listed.end());
      const auto want = snapshot(mapped);
      const auto got = snapshot(uncached);
      EXPECT_GT(want.flows.size(), 500U);
      EXPECT_EQ(got.flows, want.flows);
      EXPECT_EQ(got.records, want.records);
      EXPECT_EQ(got.skipped, 1U);
      EXPECT_EQ(got.issue_lines, want.issue_lines);
    }
  }
}

TEST(ParallelReading, SplitAndCompressedFilesMeetInTheSameAssembler) {
  TempDir dir("split");
  const auto rows = make_rows(6000);
  const auto whole = dir.file("flows.csv", join(rows, 0, rows.size()));
  const auto reference = snapshot(read_dataset({whole}, 1)).flows;
  // The same rows as a zstd-less pair: a gzip first half and a plain second half. Flows that
  // span the two files must merge exactly as in the single file.
  const auto first = write_gzip(dir.path("part1.csv.gz"), join(rows, 0, 3000));
  const auto second = dir.file("part2.csv", join(rows, 3000, rows.size()));
  for (const unsigned threads : {1U, 2U}) {
    SCOPED_TRACE(threads);
    EXPECT_EQ(snapshot(read_dataset({first, second}, threads, 1500)).flows, reference);
  }
}

TEST(ParallelReading, ProgressReachesTheTotalInputSize) {
  TempDir dir("progress");
  const auto rows = make_rows(3000);
  const auto plain = dir.file("flows.csv", join(rows, 0, 1500));
  const auto gz = write_gzip(dir.path("more.csv.gz"), join(rows, 1500, rows.size()));
  const auto devices = kFixtures + "shape_a/csv/devices.csv";
  const std::uint64_t total = std::filesystem::file_size(plain) + std::filesystem::file_size(gz) +
                              std::filesystem::file_size(devices);
  std::mutex mutex;
  std::uint64_t last_done = 0;
  std::uint64_t seen_total = 0;
  int calls = 0;
  read_dataset({plain, gz, devices}, 2, 4096, 60, 50, [&](std::uint64_t done, std::uint64_t all) {
    std::lock_guard lock(mutex);
    last_done = std::max(last_done, done);
    seen_total = all;
    ++calls;
  });
  EXPECT_GT(calls, 3);
  EXPECT_EQ(seen_total, total);
  EXPECT_EQ(last_done, total);
}

}  // namespace
}  // namespace iotscope::testing
