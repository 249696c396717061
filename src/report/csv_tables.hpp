#pragma once
// One CSV per report table, for pandas and spreadsheets (headers in docs/report-format.md).
#include <filesystem>
#include <vector>

#include "report/report_context.hpp"
#include "report/report_model.hpp"

namespace iotscope {

// Writes every table into `out_dir` (which must exist) and returns the files written.
std::vector<std::filesystem::path> write_csv_tables(const ReportContext& context,
                                                    const std::filesystem::path& out_dir);
std::vector<std::filesystem::path> write_csv_tables(const ReportModel& model,
                                                    const std::filesystem::path& out_dir);

}  // namespace iotscope
