#include "report/text_table.hpp"

#include <algorithm>

#include "report/text_format.hpp"

namespace iotscope {

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (auto& cell : cells) cell = single_line(cell);
  rows_.push_back(std::move(cells));
}

std::vector<std::size_t> TextTable::widths() const {
  std::vector<std::size_t> widths;
  widths.reserve(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    std::size_t width = display_width(columns_[c].title);
    for (const auto& row : rows_) width = std::max(width, display_width(row[c]));
    widths.push_back(std::min(width, columns_[c].max_width));
  }
  return widths;
}

void TextTable::render(std::ostream& out, std::size_t indent) const {
  const auto column_widths = widths();
  const auto render_line = [&](const std::vector<std::string>& cells) {
    std::string line(indent, ' ');
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string cell = fit_width(cells[c], column_widths[c]);
      const std::string padding(column_widths[c] - display_width(cell), ' ');
      if (c > 0) line.append(kGap, ' ');
      line += columns_[c].right_align ? padding + cell : cell + padding;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    // Column widths are chosen to fit; this guards tables given too many wide columns.
    out << fit_width(line, kLineWidth) << '\n';
  };
  std::vector<std::string> titles;
  titles.reserve(columns_.size());
  for (const auto& column : columns_) titles.push_back(column.title);
  render_line(titles);
  std::vector<std::string> rules;
  rules.reserve(columns_.size());
  for (const auto width : column_widths) rules.emplace_back(width, '-');
  render_line(rules);
  for (const auto& row : rows_) render_line(row);
}

}  // namespace iotscope
