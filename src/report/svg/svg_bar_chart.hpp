#pragma once
// A horizontal bar chart as SVG, one bar a row, sized for a paper column.
#include <string>
#include <vector>

namespace iotscope {

struct BarRow {
  std::string label;
  double value = 0;
};

struct BarChart {
  std::string title;
  std::string value_name;    // what the numbers count: "flows", "devices", ...
  bool percent = false;      // values are fractions, printed as percentages
  std::vector<BarRow> rows;  // drawn top to bottom in this order
};

std::string bar_chart_svg(const BarChart& chart);
// Several charts stacked top to bottom in one figure (the seeds' per-port pairs).
std::string stacked_bar_charts_svg(const std::vector<BarChart>& charts);

}  // namespace iotscope
