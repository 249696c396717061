#pragma once
// A GitHub-flavoured Markdown table that shows its first rows and says how many were left out.
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

// Rows a report.md table shows before it names how many it left out.
inline constexpr std::size_t kMarkdownTopRows = 20;

// `text` safe inside a table cell: one line, '|' escaped.
std::string markdown_cell(std::string_view text);

class MarkdownTable {
 public:
  MarkdownTable(std::vector<std::string> header, std::vector<bool> right_align)
      : header_(std::move(header)), right_align_(std::move(right_align)) {}
  void add_row(std::vector<std::string> cells);
  std::size_t rows() const { return rows_.size(); }
  // `total_rows` counts every row of the table; when more than were added, a note names
  // `full_table` where all of them are.
  void render(std::ostream& out, std::size_t total_rows, std::string_view full_table) const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace iotscope
