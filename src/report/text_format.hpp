#pragma once
// Number and time spellings shared by the human-readable reports.
#include <cstdint>
#include <string>
#include <string_view>

#include "model/enums.hpp"

namespace iotscope {

std::string format_utc_time(double unix_seconds);                  // "2023-11-14 22:13:20Z"
std::string format_percent(double fraction);                       // 0.4567 -> "45.7%"
std::string format_bytes(std::uint64_t bytes);                     // 1536 -> "1.5 KiB"
std::string format_score(double value);                            // two decimals
std::string format_port(std::uint16_t port, Transport transport);  // "443/tcp"
std::string format_count(std::uint64_t value);                     // 1234 -> "1234"

// `text` on one line: control characters (newlines, tabs, escapes) become spaces, bytes that
// are not UTF-8 become U+FFFD.
std::string single_line(std::string_view text);

// Width in terminal columns (UTF-8 code points; wide glyphs are not told apart).
std::size_t display_width(std::string_view text);
// `text` cut to `width` columns at a code point boundary, ending with "…" when cut.
std::string fit_width(std::string_view text, std::size_t width);

}  // namespace iotscope
