#pragma once
// The crowdsourced-dataset source: IoT Inspector exports (shape A v1 server export, shape B v3
// local database), CSV / TSV / JSON Lines, plain, gzip or zstd, detected from content.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "model/device_record.hpp"
#include "sources/input_report.hpp"
#include "sources/progress.hpp"

namespace iotscope {

struct IotInspectorOptions {
  double flow_gap_seconds = 60;  // windows of one flow further apart than this start a new flow
  // How much older than the newest window of its home a window may arrive and still join its
  // flow; larger values keep more flows open (memory) for exports that are not time-sorted.
  double reorder_seconds = 3600;
  unsigned threads = 0;  // 0: all cores
  std::size_t max_issues_per_file = 50;
  ProgressFn progress;
};

struct DatasetContents {
  std::vector<DeviceRecord> devices;
  std::vector<InputReport> inputs;
};

// Reads every device table first, then streams every flow table through the window assembler
// into per-thread engine aggregators. Bad rows are reported in `inputs`, never thrown; a file that
// cannot be opened or recognised is reported with format "unreadable" / "unrecognised".
DatasetContents read_iot_inspector(std::span<const std::string> paths,
                                   const IotInspectorOptions& options, Engine& engine);

}  // namespace iotscope
