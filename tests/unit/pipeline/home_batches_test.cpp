// The analyses run batch of homes by batch of homes must write the very report that one run
// over the merged summaries writes: same findings, same order, same global tables, whatever the
// batch size and thread count.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "../analyses/summaries_builder.hpp"
#include "analyses/run_analyses.hpp"
#include "cli/pipeline.hpp"
#include "engine/summaries_merge.hpp"
#include "report/report_json.hpp"
#include "simulate/simulate.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;
using test::fact;

struct Dataset {
  std::vector<DeviceRecord> devices;
  Summaries summaries;
};

const Dataset& simulated() {
  static const Dataset* dataset = [] {
    // CTest runs each test in a process of its own, several at once.
    const fs::path dir =
        fs::temp_directory_path() / ("iotscope-home-batches-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    SimulationConfig config;
    config.homes = 120;
    config.seed = 7;
    config.out_dir = dir.string();
    config.sweep_rate = 0.2;
    config.port_scan_rate = 0.2;
    config.internet_server_rate = 0.3;
    config.ntp_responder_rate = 0.2;
    simulate(config);
    PipelineOptions options;
    options.inputs = {dir.string()};
    PipelineOutput out = read_and_reduce(options);
    fs::remove_all(dir);
    return new Dataset{std::move(out.dataset.devices), std::move(out.summaries)};
  }();
  return *dataset;
}

// Payload facts spread over homes at both ends of the home order, and one home with no flows.
std::vector<Observation> observations(const Dataset& data) {
  const DeviceKey first = data.summaries.devices.front().device;
  const DeviceKey last = data.summaries.devices.back().device;
  const DeviceKey flowless{first.home ^ 0x5a5a5a5a5a5a5a5aULL, 77};
  std::vector<Observation> facts;
  for (const DeviceKey& device : {last, flowless, first}) {
    facts.push_back(fact(device, "upnp_add_port_mapping", 5000,
                         {{"external_port", "8080"},
                          {"internal_port", "80"},
                          {"internal_client", "192.168.1.23"},
                          {"protocol", "TCP"},
                          {"transport", "tcp"}}));
    facts.push_back(fact(device, "mqtt_connect", 1883,
                         {{"transport", "tcp"},
                          {"peer_scope", "local_device"},
                          {"peer_device", "9"},
                          {"password_present", "true"}}));
  }
  return facts;
}

std::string report_json(const std::vector<DeviceRecord>& devices, const Summaries& totals,
                        AnalysisResult result) {
  ReportModel model;
  model.devices = devices;
  model.summaries = &totals;
  model.result = std::move(result);
  model.options.anonymize = false;
  const ReportContext context(model);
  std::ostringstream out;
  write_report_json(context, out);
  return out.str();
}

std::string whole_run(const Dataset& data, const std::vector<Observation>& facts) {
  return report_json(data.devices, data.summaries,
                     run_analyses(data.summaries, data.devices, facts, AnalysisConfig{}));
}

std::string batched_run(const Dataset& data, const std::vector<Observation>& facts,
                        unsigned threads, std::size_t batch_rows) {
  HomeAnalysis analysed = analyse_homes(HomePieces(split_by_home(data.summaries)), data.devices,
                                        facts, AnalysisConfig{}, {}, threads, batch_rows);
  return report_json(data.devices, analysed.totals, std::move(analysed.result));
}

// The first difference with some context, not two whole reports of several MB.
testing::AssertionResult same_report(const std::string& actual, const std::string& expected) {
  if (actual == expected) return testing::AssertionSuccess();
  const auto at = static_cast<std::size_t>(
      std::mismatch(
          actual.begin(),
          actual.begin() + static_cast<std::ptrdiff_t>(std::min(actual.size(), expected.size())),
          expected.begin())
          .first -
      actual.begin());
  const std::size_t from = at < 200 ? 0 : at - 200;
  return testing::AssertionFailure()
         << "reports differ at byte " << at << " (sizes " << actual.size() << " and "
         << expected.size() << ")\nbatched: ..." << actual.substr(from, 400) << "\nwhole:   ..."
         << expected.substr(from, 400);
}

TEST(HomeBatches, WriteTheReportOfOneRunOverEverything) {
  const Dataset& data = simulated();
  ASSERT_GT(data.summaries.devices.size(), 1000U);
  const std::string expected = whole_run(data, {});
  EXPECT_NE(expected.find("\"host_sweep\""), std::string::npos);  // the test has scans to batch
  EXPECT_TRUE(same_report(batched_run(data, {}, 2, 2'000), expected));
  EXPECT_TRUE(same_report(batched_run(data, {}, 1, 1), expected));  // one home a batch
  EXPECT_TRUE(same_report(batched_run(data, {}, 2, kHomeBatchRows), expected));
}

TEST(HomeBatches, GiveEachBatchItsHomesObservations) {
  const Dataset& data = simulated();
  const auto facts = observations(data);
  const std::string expected = whole_run(data, facts);
  EXPECT_NE(expected.find("\"upnp_mapping\""), std::string::npos);
  EXPECT_NE(expected.find("\"mqtt\""), std::string::npos);
  EXPECT_TRUE(same_report(batched_run(data, facts, 2, 2'000), expected));
  EXPECT_TRUE(same_report(batched_run(data, facts, 2, 1), expected));
}

// The whole pipeline with every reduced home parked in the spill file writes the report of a run
// that keeps them all in memory.
TEST(HomeBatches, HomesParkedInTheSpillFileWriteTheSameReport) {
  const fs::path dir =
      fs::temp_directory_path() / ("iotscope-parked-homes-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  SimulationConfig config;
  config.homes = 40;
  config.seed = 11;
  config.out_dir = (dir / "data").string();
  config.port_scan_rate = 0.3;
  simulate(config);
  fs::create_directories(dir / "spill");
  const auto report = [&](std::size_t budget) {
    PipelineOptions options;
    options.inputs = {config.out_dir};
    options.engine.summaries_in_memory = budget;
    options.engine.spill_directory = dir / "spill";
    options.threads = 2;
    PipelineOutput out = run_pipeline(options);
    return report_json(out.dataset.devices, out.summaries, std::move(out.result));
  };
  const std::string in_memory = report(std::size_t{1} << 30);
  const std::string parked = report(0);
  EXPECT_NE(in_memory.find("\"port_scan\""), std::string::npos);
  EXPECT_TRUE(same_report(parked, in_memory));
  EXPECT_TRUE(fs::is_empty(dir / "spill"));
  fs::remove_all(dir);
}

TEST(HomeBatches, SplitByHomeMergesBackToTheSameSummaries) {
  const Dataset& data = simulated();
  auto pieces = split_by_home(data.summaries);
  EXPECT_GT(pieces.size(), 100U);
  for (std::size_t i = 1; i < pieces.size(); ++i) EXPECT_LT(pieces[i - 1].first, pieces[i].first);
  const Summaries merged = merge_home_summaries(std::move(pieces));
  EXPECT_EQ(merged.flows, data.summaries.flows);
  EXPECT_EQ(merged.local_ports.size(), data.summaries.local_ports.size());
  EXPECT_EQ(merged.edges.size(), data.summaries.edges.size());
  EXPECT_EQ(merged.bytes_per_flow_external.flows, data.summaries.bytes_per_flow_external.flows);
  EXPECT_TRUE(same_report(whole_run({data.devices, merged}, {}), whole_run(data, {})));
}

}  // namespace
}  // namespace iotscope
