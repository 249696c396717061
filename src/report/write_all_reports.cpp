#include "report/write_all_reports.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "report/csv_tables.hpp"
#include "report/markdown_report.hpp"
#include "report/report_context.hpp"
#include "report/report_json.hpp"

namespace iotscope {

std::vector<std::filesystem::path> write_all_reports(const ReportModel& model,
                                                     const std::filesystem::path& out_dir) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    throw std::runtime_error(
        fmt::format("{}: cannot create the report folder: {}", out_dir.string(), error.message()));
  }
  const ReportContext context(model);
  std::vector<std::filesystem::path> written;
  written.push_back(out_dir / "report.json");
  write_report_json(context, written.back());
  written.push_back(out_dir / "report.md");
  write_markdown_report(context, written.back());
  for (auto& file : write_csv_tables(context, out_dir)) written.push_back(std::move(file));
  return written;
}

}  // namespace iotscope
