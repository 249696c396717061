#include "report/text_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <ctime>

#include "util/utf8_text.hpp"

namespace iotscope {
namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string format_utc_time(double unix_seconds) {
  if (!std::isfinite(unix_seconds)) return "-";
  const auto seconds = static_cast<std::time_t>(std::floor(unix_seconds));
  std::tm parts{};
  if (gmtime_r(&seconds, &parts) == nullptr) return fmt::format("{}", unix_seconds);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M:%SZ", &parts);
  return std::string(text.data(), length);
}

std::string format_percent(double fraction) {
  return fmt::format("{:.1f}%", fraction * 100.0);
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr std::array<const char*, 6> kUnits{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} B", bytes);
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string format_score(double value) {
  return fmt::format("{:.2f}", value);
}

std::string single_line(std::string_view text) {
  std::string line = valid_utf8(text);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return line;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) {
    if (!is_continuation(c)) ++width;
  }
  return width;
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  // Keep width - 1 code points, then the ellipsis.
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (!is_continuation(text[end])) {
      if (kept == width - 1) break;
      ++kept;
    }
    ++end;
  }
  return std::string(text.substr(0, end)) + "\xE2\x80\xA6";
}

std::string format_port(std::uint16_t port, Transport transport) {
  return fmt::format("{}/{}", port, to_string(transport));
}

std::string format_count(std::uint64_t value) {
  return fmt::format("{}", value);
}

}  // namespace iotscope
