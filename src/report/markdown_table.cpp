#include "report/markdown_table.hpp"

#include "report/text_format.hpp"

namespace iotscope {

std::string markdown_cell(std::string_view text) {
  std::string cell;
  cell.reserve(text.size());
  for (const char c : single_line(text)) {
    if (c == '<') {
      cell += "&lt;";  // user labels must not become HTML in a rendered report
      continue;
    }
    if (c == '|' || c == '\\') cell.push_back('\\');
    cell.push_back(c);
  }
  return cell;
}

void MarkdownTable::add_row(std::vector<std::string> cells) {
  cells.resize(header_.size());
  for (auto& cell : cells) cell = markdown_cell(cell);
  rows_.push_back(std::move(cells));
}

void MarkdownTable::render(std::ostream& out, std::size_t total_rows,
                           std::string_view full_table) const {
  if (total_rows == 0) {
    out << "_None._\n\n";
    return;
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    out << '|';
    for (const auto& cell : cells) out << ' ' << cell << " |";
    out << '\n';
  };
  line(header_);
  out << '|';
  for (std::size_t c = 0; c < header_.size(); ++c) {
    out << (c < right_align_.size() && right_align_[c] ? " ---: |" : " --- |");
  }
  out << '\n';
  for (const auto& row : rows_) line(row);
  if (total_rows > rows_.size()) {
    out << "\n_Showing " << rows_.size() << " of " << total_rows << " rows; "
        << total_rows - rows_.size() << " more in `" << full_table << "`._\n";
  }
  out << '\n';
}

}  // namespace iotscope
