#include "report/svg/svg_bar_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/svg/svg_document.hpp"

namespace iotscope {
namespace {

constexpr double kRow = 11;         // points per bar
constexpr double kTitle = 14;       // title band
constexpr double kAxis = 12;        // value-name band under the bars
constexpr double kLabelWidth = 96;  // label column, right-aligned against the bars
constexpr double kValueWidth = 34;  // room for the number after the longest bar
constexpr std::size_t kBarLabelChars = 24;

double chart_height(const BarChart& chart) {
  return kTitle + kRow * static_cast<double>(std::max<std::size_t>(chart.rows.size(), 1)) + kAxis;
}

std::string value_text(const BarChart& chart, double value) {
  if (chart.percent) return fmt::format("{:.1f}%", 100 * value);
  if (value >= 1e6) return fmt::format("{:.1f}M", value / 1e6);
  if (value >= 1e4) return fmt::format("{:.0f}k", value / 1e3);
  return fmt::format("{:.0f}", value);
}

void draw(SvgDocument& svg, const BarChart& chart, double top) {
  svg.text(4, top + 9, chart.title, kFontPt + 1, Anchor::start, true);
  const double bars_left = kLabelWidth + 4;
  const double bars_width = kColumnWidthPt - bars_left - kValueWidth;
  double largest = 0;
  for (const auto& row : chart.rows) largest = std::max(largest, row.value);
  double y = top + kTitle;
  if (chart.rows.empty()) {
    svg.text(bars_left, y + 8, "(none)");
    y += kRow;
  }
  for (const auto& row : chart.rows) {
    const double width = largest > 0 ? bars_width * row.value / largest : 0;
    svg.text(kLabelWidth, y + 7.5, svg_truncate(row.label, kBarLabelChars), kFontPt, Anchor::end);
    svg.rect(bars_left, y + 1.5, std::max(width, 0.5), kRow - 3, "#4c6ef5");
    svg.text(bars_left + width + 2, y + 7.5, value_text(chart, row.value));
    y += kRow;
  }
  svg.line(bars_left, top + kTitle, bars_left, y, "#555555");
  svg.text(bars_left + bars_width / 2, y + 9, chart.value_name, kFontPt - 0.5, Anchor::middle);
}

}  // namespace

std::string bar_chart_svg(const BarChart& chart) {
  return stacked_bar_charts_svg({chart});
}

std::string stacked_bar_charts_svg(const std::vector<BarChart>& charts) {
  double height = 4;
  for (const auto& chart : charts) height += chart_height(chart) + 6;
  SvgDocument svg(kColumnWidthPt, height);
  double top = 4;
  for (const auto& chart : charts) {
    draw(svg, chart, top);
    top += chart_height(chart) + 6;
  }
  return svg.finish();
}

}  // namespace iotscope
