#pragma once
// An aligned plain-text table for terminals: every cell is cut to its column's width, so a line
// never grows past the widths chosen here.
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace iotscope {

struct TextColumn {
  std::string title;
  std::size_t max_width = 20;
  bool right_align = false;
};

class TextTable {
 public:
  static constexpr std::size_t kLineWidth = 100;
  static constexpr std::size_t kGap = 2;

  explicit TextTable(std::vector<TextColumn> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells);
  // Lines are indented by `indent` spaces and never longer than kLineWidth columns.
  void render(std::ostream& out, std::size_t indent = 2) const;

 private:
  std::vector<std::size_t> widths() const;

  std::vector<TextColumn> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace iotscope
