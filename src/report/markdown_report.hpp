#pragma once
// report.md: the overview, the inputs and the key tables (first rows, with what was left out).
#include <filesystem>
#include <ostream>

#include "report/report_context.hpp"
#include "report/report_model.hpp"

namespace iotscope {

void write_markdown_report(const ReportContext& context, std::ostream& out);
// Throws std::runtime_error naming the file when it cannot be written.
void write_markdown_report(const ReportContext& context, const std::filesystem::path& file);
void write_markdown_report(const ReportModel& model, const std::filesystem::path& file);

}  // namespace iotscope
