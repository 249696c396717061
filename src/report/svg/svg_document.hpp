#pragma once
// A small SVG builder for static figures: shapes and text in points, sized for a paper column.
// Text is escaped for XML and cleaned of bytes XML cannot hold, so every file is well-formed.
#include <string>
#include <string_view>

namespace iotscope {

inline constexpr double kColumnWidthPt = 252;  // 3.5 in: one column of a two-column paper
inline constexpr double kFontPt = 7;           // readable once printed at that width

// `text` with & < > " ' escaped, invalid UTF-8 as U+FFFD and control characters dropped.
std::string svg_escape(std::string_view text);
// At most `max_chars` characters (UTF-8 aware), with "…" when cut.
std::string svg_truncate(std::string_view text, std::size_t max_chars);

enum class Anchor { start, middle, end };

class SvgDocument {
 public:
  SvgDocument(double width_pt, double height_pt);

  void rect(double x, double y, double width, double height, std::string_view fill);
  void path(std::string_view d, std::string_view fill, double opacity);
  void line(double x1, double y1, double x2, double y2, std::string_view stroke);
  void text(double x, double y, std::string_view content, double size = kFontPt,
            Anchor anchor = Anchor::start, bool bold = false);
  // The closed document.
  std::string finish() const;

 private:
  double width_;
  double height_;
  std::string body_;
};

}  // namespace iotscope
