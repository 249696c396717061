#pragma once
// Streams the flow tables through the window assemblers on several workers.
//
// Every worker both parses and assembles. Chunks (see chunk_source.hpp) are claimed by any idle
// worker and parsed into windows; each window goes to the shard that owns its home (hash of the
// home), so all windows of a home meet in one assembler. A shard consumes batches strictly in
// input order (file by file, chunk by chunk), so each home sees its windows exactly in file
// order whatever the thread count: threads=1 and threads=N give the same flows. Memory stays
// bounded: a worker may only claim a chunk while fewer than a fixed number of chunks are parsed
// but not yet assembled by every shard.
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/engine.hpp"
#include "sources/input_report.hpp"
#include "sources/iotinspector/chunk_source.hpp"
#include "sources/iotinspector/device_directory.hpp"
#include "sources/iotinspector/format_detection.hpp"
#include "sources/iotinspector/shape_b_rows.hpp"
#include "sources/iotinspector/window_assembler.hpp"
#include "sources/progress.hpp"

namespace iotscope {

struct FlowFileJob {
  std::string path;
  DetectedTable table;
  const ShapeBHome* shape_b_home = nullptr;  // for v3 network_flows tables
};

struct FlowFileOutcome {
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t dropped = 0;
  std::uint64_t late_windows = 0;
  std::vector<InputIssue> issues;
};

struct FlowPipelineSettings {
  double flow_gap_seconds = 60;
  double reorder_seconds = 3600;
  unsigned threads = 1;
  std::size_t max_issues_per_file = 50;
  std::size_t chunk_bytes = 0;  // 0: kDefaultChunkBytes
  FileAccess file_access = FileAccess::automatic;
  ProgressFn progress;
  std::uint64_t total_bytes = 0;
  std::atomic<std::uint64_t>* done_bytes = nullptr;
};

struct FlowPipelineResult {
  std::vector<FlowFileOutcome> files;  // parallel to the jobs
  std::unordered_map<DeviceKey, MissingDevice, DeviceKeyHash> missing_devices;
};

FlowPipelineResult run_flow_pipeline(std::span<const FlowFileJob> jobs,
                                     const DeviceDirectory& directory,
                                     const FlowPipelineSettings& settings, Engine& engine);

}  // namespace iotscope
