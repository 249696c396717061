#pragma once
// The whole Zeek input of one home: reads conn.log and ssl.log files (or the directories that
// hold them), pushes one FlowRecord per local endpoint of each connection into an engine
// aggregator, and returns the devices, TLS observations and per-file reports.
#include <span>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "model/device_record.hpp"
#include "model/observation.hpp"
#include "sources/input_report.hpp"
#include "sources/zeek/zeek_flow_converter.hpp"
#include "sources/zeek/zeek_log_reader.hpp"

namespace iotscope {

struct ZeekLogsOptions {
  ZeekConversionOptions conversion;
  std::size_t max_issues_per_file = 20;
};

struct ZeekLogsContents {
  std::vector<DeviceRecord> devices;
  std::vector<Observation> observations;
  std::vector<InputReport> inputs;  // one per file read, in reading order
  ZeekConversionStats stats;
};

// The Zeek logs among `paths`: a file named explicitly is read whatever its name (its kind comes
// from its content); a directory contributes its files whose names start with "conn." or "ssl."
// (conn.log, conn.log.gz, ssl.12:00:00-13:00:00.log.zst), not recursively. ssl logs come first,
// so that their TLS facts join the conns of the same uid.
std::vector<std::string> list_zeek_logs(std::span<const std::string> paths,
                                        std::vector<InputReport>& unreadable);

ZeekLogsContents read_zeek_logs(std::span<const std::string> paths, const ZeekLogsOptions& options,
                                FlowAggregator& aggregator);

}  // namespace iotscope
