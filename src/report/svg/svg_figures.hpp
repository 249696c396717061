#pragma once
// The report's figures as static SVG files for papers: both Sankeys, the per-port pairs and the
// port usage charts, one file each, with names as in report.json (anonymized the same way).
#include <filesystem>
#include <vector>

#include "report/report_context.hpp"

namespace iotscope {

// Creates `dir` when needed; returns the files written. Throws std::runtime_error naming the
// file or folder that could not be written.
std::vector<std::filesystem::path> write_svg_figures(const ReportContext& context,
                                                     const std::filesystem::path& dir);

}  // namespace iotscope
