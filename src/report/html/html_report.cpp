#include "report/html/html_report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "report/html/html_escape.hpp"
#include "report/html/page_data.hpp"
#include "report/html/web_assets.hpp"

namespace iotscope {

void write_html_report(const ReportContext& context, std::ostream& out, const PageCaps& caps) {
  const std::string data = escape_json_for_script(page_data_json(context, caps));
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // Nothing on the page may reach the network: scripts and styles are inline only.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
         "<title>iotscope report</title>\n<style>\n"
      << report_app_css() << "\n</style>\n</head>\n<body>\n"
      << "<div id=\"app\"><p id=\"loading\">Loading the report…</p></div>\n"
      << "<script type=\"application/json\" id=\"iotscope-data\">" << data << "</script>\n"
      << "<script>\n"
      << escape_script_source(echarts_library()) << "\n</script>\n<script>\n"
      << escape_script_source(report_app_js()) << "\n</script>\n</body>\n</html>\n";
}

void write_html_report(const ReportContext& context, const std::filesystem::path& file,
                       const PageCaps& caps) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot open for writing", file.string()));
  write_html_report(context, out, caps);
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("{}: write failed", file.string()));
}

}  // namespace iotscope
