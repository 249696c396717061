#include "report/write_all_reports.hpp"

#include <fmt/format.h>

#include <iterator>
#include <stdexcept>

#include "report/csv_tables.hpp"
#include "report/html/html_report.hpp"
#include "report/markdown_report.hpp"
#include "report/report_context.hpp"
#include "report/report_json.hpp"
#include "report/svg/svg_figures.hpp"
#include "util/side_by_side.hpp"

namespace iotscope {

std::vector<std::filesystem::path> write_all_reports(const ReportModel& model,
                                                     const std::filesystem::path& out_dir,
                                                     const ExtraReports& extras) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    throw std::runtime_error(
        fmt::format("{}: cannot create the report folder: {}", out_dir.string(), error.message()));
  }
  const ReportContext context(model);
  std::vector<std::filesystem::path> written{out_dir / "report.json", out_dir / "report.md",
                                             out_dir / "report.html"};
  // report.json is as large as all the CSVs together: it gets a thread of its own. The writers
  // only read the context, and each owns its files.
  run_side_by_side(
      [&] {
        write_markdown_report(context, written[1]);
        write_html_report(context, written[2]);
        auto tables = write_csv_tables(context, out_dir);
        written.insert(written.end(), std::make_move_iterator(tables.begin()),
                       std::make_move_iterator(tables.end()));
      },
      [&context, file = written[0]] { write_report_json(context, file); });
  if (extras.svg_dir) {
    auto figures = write_svg_figures(context, *extras.svg_dir);
    written.insert(written.end(), std::make_move_iterator(figures.begin()),
                   std::make_move_iterator(figures.end()));
  }
  return written;
}

}  // namespace iotscope
