#pragma once
// Files the build embeds into the binary (web/embed.cmake), so report.html opens offline.
#include <string_view>

namespace iotscope {

std::string_view echarts_library();  // web/node_modules/echarts/dist/echarts.min.js
std::string_view report_app_js();    // web/report.js: the page's own script
std::string_view report_app_css();   // web/report.css

}  // namespace iotscope
