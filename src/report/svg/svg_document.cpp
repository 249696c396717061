#include "report/svg/svg_document.hpp"

#include <fmt/format.h>

#include "report/html/html_escape.hpp"

namespace iotscope {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(i + 1) > 0x9F) return 0;
  if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(i + 1) > 0x8F) return 0;
  return length;
}

const char* anchor_name(Anchor anchor) {
  switch (anchor) {
    case Anchor::middle:
      return "middle";
    case Anchor::end:
      return "end";
    case Anchor::start:
      break;
  }
  return "start";
}

}  // namespace

std::string svg_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    const char c = text[i++];
    if (append_markup_escaped(out, c)) continue;
    // XML 1.0 cannot hold control characters (tab, LF and CR become spaces).
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7F') {
      if (c == '\t' || c == '\n' || c == '\r') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string svg_truncate(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (chars == max_chars) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
    const std::size_t length = utf8_length(text, i);
    i += length == 0 ? 1 : length;
    ++chars;
  }
  return std::string(text);
}

SvgDocument::SvgDocument(double width_pt, double height_pt)
    : width_(width_pt), height_(height_pt) {}

void SvgDocument::rect(double x, double y, double width, double height, std::string_view fill) {
  body_ += fmt::format(R"(<rect x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}" fill="{}"/>)",
                       x, y, width, height, svg_escape(fill));
  body_ += '\n';
}

void SvgDocument::path(std::string_view d, std::string_view fill, double opacity) {
  body_ += fmt::format(R"(<path d="{}" fill="{}" fill-opacity="{:.2f}"/>)", svg_escape(d),
                       svg_escape(fill), opacity);
  body_ += '\n';
}

void SvgDocument::line(double x1, double y1, double x2, double y2, std::string_view stroke) {
  body_ += fmt::format(
      R"(<line x1="{:.2f}" y1="{:.2f}" x2="{:.2f}" y2="{:.2f}" stroke="{}" stroke-width="0.5"/>)",
      x1, y1, x2, y2, svg_escape(stroke));
  body_ += '\n';
}

void SvgDocument::text(double x, double y, std::string_view content, double size, Anchor anchor,
                       bool bold) {
  body_ += fmt::format(
      R"(<text x="{:.2f}" y="{:.2f}" font-size="{:.1f}" text-anchor="{}"{}>{}</text>)", x, y, size,
      anchor_name(anchor), bold ? R"( font-weight="bold")" : "", svg_escape(content));
  body_ += '\n';
}

std::string SvgDocument::finish() const {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.3f}in\" height=\"{:.3f}in\" "
      "viewBox=\"0 0 {:.2f} {:.2f}\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      "<rect x=\"0\" y=\"0\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"#ffffff\"/>\n{}</svg>\n",
      width_ / 72, height_ / 72, width_, height_, width_, height_, body_);
}

}  // namespace iotscope
