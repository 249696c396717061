// Rows of an export need not be time-sorted: with a reorder window covering the shuffle, the
// reassembled flows and every summary equal those of the sorted file.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "cli/pipeline.hpp"
#include "simulate/simulate.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

void shuffle_rows(const fs::path& from, const fs::path& to) {
  std::ifstream in(from);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  std::shuffle(rows.begin(), rows.end(), std::mt19937_64(5));
  std::ofstream out(to);
  out << header << '\n';
  for (const std::string& row : rows) out << row << '\n';
}

PipelineOutput reduce(const fs::path& dir, double reorder_seconds) {
  PipelineOptions options;
  options.inputs = {dir.string()};
  options.reorder_seconds = reorder_seconds;
  return read_and_reduce(options);
}

TEST(RowOrder, ShuffledRowsGiveTheSameFlowsWithinTheReorderWindow) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("iotscope-order-{}", getpid());
  fs::remove_all(dir);
  SimulationConfig config;
  config.homes = 30;
  config.seed = 9;
  config.out_dir = (dir / "sorted").string();
  fs::create_directories(config.out_dir);
  simulate(config);
  fs::create_directories(dir / "shuffled");
  fs::copy_file(dir / "sorted" / "devices.csv", dir / "shuffled" / "devices.csv");
  shuffle_rows(dir / "sorted" / "flows.csv", dir / "shuffled" / "flows.csv");

  const double whole_period = config.observation_hours * 3600;
  const PipelineOutput sorted = reduce(dir / "sorted", 3600);
  const PipelineOutput shuffled = reduce(dir / "shuffled", whole_period);
  EXPECT_EQ(shuffled.summaries.flows, sorted.summaries.flows);
  ASSERT_EQ(shuffled.summaries.local_ports.size(), sorted.summaries.local_ports.size());
  for (std::size_t i = 0; i < sorted.summaries.local_ports.size(); ++i) {
    const auto& a = sorted.summaries.local_ports[i];
    const auto& b = shuffled.summaries.local_ports[i];
    ASSERT_EQ(a.device, b.device);
    ASSERT_EQ(a.port, b.port);
    EXPECT_EQ(a.totals.flows, b.totals.flows);
    EXPECT_EQ(a.totals.bytes(), b.totals.bytes());
    EXPECT_EQ(a.distinct_remote_ports, b.distinct_remote_ports);
  }
  // With the default window the shuffle is too wide: flows split, and the reader says so.
  const PipelineOutput split = reduce(dir / "shuffled", 3600);
  EXPECT_GT(split.summaries.flows, sorted.summaries.flows);
  const auto& issues = split.dataset.inputs.back().issues;
  ASSERT_FALSE(issues.empty());
  EXPECT_NE(issues.back().message.find("--reorder-window"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iotscope
