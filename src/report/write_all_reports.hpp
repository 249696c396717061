#pragma once
// Every file report of one run: report.json, report.md, report.html and the CSV tables, in one
// folder; and, when asked, the SVG figures in another.
#include <filesystem>
#include <optional>
#include <vector>

#include "report/report_model.hpp"

namespace iotscope {

struct ExtraReports {
  std::optional<std::filesystem::path> svg_dir;  // write the SVG figures there
};

// Creates `out_dir` when needed; returns the paths written, report.json first. Throws
// std::runtime_error naming the file or folder that could not be written.
std::vector<std::filesystem::path> write_all_reports(const ReportModel& model,
                                                     const std::filesystem::path& out_dir,
                                                     const ExtraReports& extras = {});

}  // namespace iotscope
