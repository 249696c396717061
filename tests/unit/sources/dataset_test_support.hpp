#pragma once
// Shared helpers of the dataset reader tests: run the reader, describe flows as text.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "collecting_engine.hpp"
#include "sources/iotinspector/dataset_reader_tuning.hpp"
#include "util/hash.hpp"

namespace iotscope::testing {

inline const std::string kFixtures = std::string(IOTSCOPE_TEST_DATA) + "/iotinspector/";

struct ReadResult {
  DatasetContents contents;
  std::vector<FlowRecord> flows;  // sorted
  int aggregators = 0;
};

inline ReadResult read_dataset(const std::vector<std::string>& paths, unsigned threads = 1,
                               std::size_t chunk_bytes = 0, double gap = 60,
                               std::size_t max_issues = 50, ProgressFn progress = {},
                               FileAccess access = FileAccess::automatic) {
  IotInspectorOptions options;
  options.threads = threads;
  options.flow_gap_seconds = gap;
  options.max_issues_per_file = max_issues;
  options.progress = std::move(progress);
  CollectingEngine engine;
  ReadResult result;
  result.contents =
      read_iot_inspector_tuned(paths, options, engine, IotInspectorTuning{chunk_bytes, access});
  result.flows = engine.sorted_flows();
  EXPECT_EQ(engine.aggregators_made, engine.aggregators_absorbed);
  result.aggregators = engine.aggregators_made;
  return result;
}

inline std::string describe(const FlowRecord& f) {
  return fmt::format(
      "{:x}/{:x}:{} -> {}:{} {} scope={} peer={:x} ts={}..{} out={} in={} pout={} pin={} "
      "init={} state={} host='{}' windows={}",
      f.device.home, f.device.device, f.device_port, f.remote_ip.to_string(), f.remote_port,
      to_string(f.transport), to_string(f.scope), f.peer_device, f.first_ts, f.last_ts, f.bytes_out,
      f.bytes_in, f.packets_out, f.packets_in, to_string(f.initiator), to_string(f.state),
      f.remote_hostname, f.windows);
}

inline std::vector<std::string> describe_all(const std::vector<FlowRecord>& flows) {
  std::vector<std::string> out;
  for (const auto& f : flows) out.push_back(describe(f));
  return out;
}

inline std::vector<std::string> issue_texts(const InputReport& report) {
  std::vector<std::string> out;
  for (const auto& issue : report.issues) out.push_back(issue.to_string());
  return out;
}

inline std::uint64_t h(std::string_view text) {
  return hash_text(text);
}

}  // namespace iotscope::testing
