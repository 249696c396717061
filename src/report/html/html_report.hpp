#pragma once
// report.html: one self-contained page (ECharts, the page script and the data inside) that opens
// offline in any browser.
#include <filesystem>
#include <ostream>

#include "report/html/page_caps.hpp"
#include "report/report_context.hpp"

namespace iotscope {

void write_html_report(const ReportContext& context, std::ostream& out, const PageCaps& caps = {});
// Throws std::runtime_error naming the file when it cannot be written.
void write_html_report(const ReportContext& context, const std::filesystem::path& file,
                       const PageCaps& caps = {});

}  // namespace iotscope
