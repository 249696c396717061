#pragma once
// The data report.html embeds: the same result and names as report.json, capped and aggregated
// for a browser (see PageCaps), as one JSON document. Every cut is described in its "caps" list.
#include <string>

#include "report/html/page_caps.hpp"
#include "report/report_context.hpp"

namespace iotscope {

std::string page_data_json(const ReportContext& context, const PageCaps& caps = {});

}  // namespace iotscope
