#pragma once
// Every file report of one run: report.json, report.md and the CSV tables, in one folder.
#include <filesystem>
#include <vector>

#include "report/report_model.hpp"

namespace iotscope {

// Creates `out_dir` when needed; returns the paths written, report.json first. Throws
// std::runtime_error naming the file or folder that could not be written.
std::vector<std::filesystem::path> write_all_reports(const ReportModel& model,
                                                     const std::filesystem::path& out_dir);

}  // namespace iotscope
