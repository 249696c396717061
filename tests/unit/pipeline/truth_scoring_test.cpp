// Scores the whole pipeline (simulate -> read -> engine -> analyses) against the simulator's
// truth.json: precision and recall for port roles, exposure and scans.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "cli/pipeline.hpp"
#include "simulate/simulate.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct Score {
  std::size_t true_positives = 0;
  std::size_t predicted = 0;
  std::size_t expected = 0;
  double precision() const {
    return predicted == 0 ? 1.0 : double(true_positives) / double(predicted);
  }
  double recall() const { return expected == 0 ? 1.0 : double(true_positives) / double(expected); }
};

template <typename Key>
Score score(const std::set<Key>& predicted, const std::set<Key>& expected) {
  Score s;
  s.predicted = predicted.size();
  s.expected = expected.size();
  for (const Key& key : predicted) s.true_positives += expected.count(key);
  return s;
}

DeviceKey key_of(const Json& entry, const char* device_field) {
  return DeviceKey{hash_text(entry.at("home").get<std::string>()),
                   hash_text(entry.at(device_field).get<std::string>())};
}

using RoleKey = std::tuple<DeviceKey, std::uint16_t, std::string, std::string>;
using ExposureKey = std::tuple<DeviceKey, std::uint16_t, std::string, std::string>;
using ScanKey = std::tuple<DeviceKey, std::string>;

class TruthScoring : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / fmt::format("iotscope-truth-{}", getpid()));
    fs::remove_all(*dir_);
    SimulationConfig config;
    config.homes = 400;
    config.seed = 42;
    config.out_dir = dir_->string();
    // Raise the rates so that 400 homes hold enough injected behaviours to score.
    config.sweep_rate = 0.2;
    config.port_scan_rate = 0.2;
    config.internet_server_rate = 0.3;
    config.ntp_responder_rate = 0.2;
    simulate(config);
    std::ifstream in(*dir_ / "truth.json");
    truth_ = new Json(Json::parse(in));
    PipelineOptions options;
    options.inputs = {dir_->string()};
    output_ = new PipelineOutput(run_pipeline(options));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete output_;
    delete truth_;
    delete dir_;
  }
  static void report(const char* what, const Score& s) {
    std::cout << fmt::format("{}: precision {:.3f} recall {:.3f} ({} predicted, {} expected)\n",
                             what, s.precision(), s.recall(), s.predicted, s.expected);
  }
  static fs::path* dir_;
  static Json* truth_;
  static PipelineOutput* output_;
};

fs::path* TruthScoring::dir_ = nullptr;
Json* TruthScoring::truth_ = nullptr;
PipelineOutput* TruthScoring::output_ = nullptr;

TEST_F(TruthScoring, ReadsEveryRowWithoutSkipping) {
  std::uint64_t flow_rows = 0;
  for (const InputReport& input : output_->dataset.inputs) {
    EXPECT_EQ(input.skipped, 0U) << input.path;
    if (input.format.find("flows") != std::string::npos) flow_rows += input.records + input.dropped;
  }
  EXPECT_EQ(flow_rows, truth_->at("flow_rows").get<std::uint64_t>());
  EXPECT_EQ(output_->dataset.devices.size(), truth_->at("devices").get<std::size_t>());
  // Every generated flow is reassembled exactly, but for IoT Inspector's own port-44444 probes
  // (one row each), which the reader drops.
  EXPECT_EQ(output_->summaries.flows, truth_->at("flows").get<std::uint64_t>() -
                                          truth_->at("probe_rows").get<std::uint64_t>());
}

TEST_F(TruthScoring, PortRoles) {
  std::set<RoleKey> expected;
  for (const Json& role : truth_->at("port_roles")) {
    expected.emplace(key_of(role, "device_id"), role.at("port").get<std::uint16_t>(),
                     role.at("transport").get<std::string>(), role.at("role").get<std::string>());
  }
  std::set<RoleKey> predicted;
  for (const PortRole& role : output_->result.port_roles) {
    if (role.role == Role::unknown) continue;
    predicted.emplace(role.device, role.port, std::string(to_string(role.transport)),
                      std::string(to_string(role.role)));
  }
  const Score s = score(predicted, expected);
  report("port roles", s);
  EXPECT_GE(s.precision(), 0.95);
  EXPECT_GE(s.recall(), 0.95);
}

TEST_F(TruthScoring, Exposure) {
  std::set<ExposureKey> expected;
  for (const Json& e : truth_->at("exposure")) {
    expected.emplace(key_of(e, "device_id"), e.at("port").get<std::uint16_t>(),
                     e.at("transport").get<std::string>(), e.at("kind").get<std::string>());
  }
  std::set<ExposureKey> predicted;
  for (const Exposure& e : output_->result.exposure) {
    if (e.kind != "inbound" && e.kind != "ntp_responder") continue;  // the kinds truth knows
    predicted.emplace(e.device, e.port, std::string(to_string(e.transport)), e.kind);
  }
  ASSERT_FALSE(expected.empty());
  const Score s = score(predicted, expected);
  report("exposure", s);
  EXPECT_GE(s.precision(), 0.95);
  EXPECT_GE(s.recall(), 0.95);
}

TEST_F(TruthScoring, Scans) {
  std::set<ScanKey> expected;
  for (const Json& scan : truth_->at("scans")) {
    expected.emplace(key_of(scan, "scanner"), scan.at("kind").get<std::string>());
  }
  std::set<ScanKey> predicted;
  for (const Scan& scan : output_->result.scans) {
    predicted.emplace(scan.scanner, std::string(to_string(scan.kind)));
  }
  ASSERT_FALSE(expected.empty());
  const Score s = score(predicted, expected);
  report("scans", s);
  EXPECT_GE(s.precision(), 0.95);
  EXPECT_GE(s.recall(), 0.95);
}

}  // namespace
}  // namespace iotscope
