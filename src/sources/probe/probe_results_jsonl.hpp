#pragma once
// `iotscope probe` output: JSON Lines, one record per line, each naming its kind in "record":
// a "probe_run" header first, then "host", "service_offer" and "observation" records
// (docs/probe.md). The same file is an `analyze` input next to captures and datasets.
#include <iosfwd>
#include <string>

#include "model/probe_results.hpp"
#include "sources/input_report.hpp"

namespace iotscope {

void write_probe_results(std::ostream& out, const ProbeResults& results);

struct ProbeResultsFile {
  ProbeResults results;
  InputReport report;
};

// Bad lines are reported with their line number and skipped; everything else is kept.
ProbeResultsFile read_probe_results(const std::string& path);
// The same from a stream; `name` stands for the file in the report and its issues.
ProbeResultsFile read_probe_results(std::istream& in, const std::string& name);

// True when the file's first line is a probe_run header.
bool looks_like_probe_results(const std::string& path);

}  // namespace iotscope
