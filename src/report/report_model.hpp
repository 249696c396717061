#pragma once
// Everything a report writer needs, from whichever sources and engine produced it.
#include <string>
#include <vector>

#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/device_record.hpp"
#include "sources/input_report.hpp"

namespace iotscope {

struct ReportOptions {
  bool anonymize = true;
  std::string anonymization_key;  // secret for keyed hashing; never written into a report
};

struct ReportModel {
  std::vector<InputReport> inputs;
  std::vector<DeviceRecord> devices;
  const Summaries* summaries = nullptr;  // for overview counts
  AnalysisResult result;
  std::vector<std::string> warnings;  // run-level warnings (missing OUI registry, ...)
  ReportOptions options;
};

}  // namespace iotscope
