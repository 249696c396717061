#include "sources/text/field_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>

#include "util/text.hpp"

namespace iotscope {
namespace {

// Digits, optionally followed by '.' and zeros only. At most 19 digits, so it cannot overflow.
std::optional<std::uint64_t> parse_integer_text(std::string_view text) {
  constexpr std::size_t kMaxDigits = 19;
  const std::size_t size = text.size();
  if (size == 0 || size > 22) return std::nullopt;
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (const std::size_t limit = std::min(size, kMaxDigits); i < limit; ++i) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0';
    if (digit > 9) break;
    value = value * 10 + digit;
  }
  if (i == size) return value;
  if (i == 0 || text[i] != '.') return std::nullopt;  // also a 20th digit
  for (++i; i < size; ++i)
    if (text[i] != '0') return std::nullopt;
  return value;
}

// Times from 1970 to about 5138: every spelling of a time is held to the same range, so a time
// read from one format and written in another reads back the same.
std::optional<double> in_time_range(double seconds) {
  if (!(seconds >= 0 && seconds < 1e11)) return std::nullopt;  // also rejects NaN
  return seconds;
}

std::optional<double> parse_iso_time(std::string_view text) {
  // YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+00:00]
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (!is_ascii_digit(text[i])) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  // timegm would roll a 13th month or a 61st minute over instead of refusing it.
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
      tm.tm_sec > 60)
    return std::nullopt;
  double fraction = 0;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    double scale = 0.1;
    for (++pos; pos < text.size() && is_ascii_digit(text[pos]); ++pos, scale /= 10)
      fraction += (text[pos] - '0') * scale;
  }
  const std::string_view zone = text.substr(pos);
  if (!zone.empty() && zone != "Z" && zone != "+00:00" && zone != "+0000") return std::nullopt;
  return in_time_range(static_cast<double>(timegm(&tm)) + fraction);
}

}  // namespace

std::optional<std::uint16_t> parse_port(std::string_view text) {
  const auto value = parse_integer_text(text);
  if (!value || *value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  if (text.empty()) return std::uint64_t{0};
  return parse_integer_text(text);
}

std::optional<double> parse_unix_time(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // Fast path for the common "1556668800.123456" form.
  std::uint64_t whole = 0;
  std::size_t i = 0;
  for (; i < text.size() && i < 15 && is_ascii_digit(text[i]); ++i)
    whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
  if (i > 0 && i == text.size()) return in_time_range(static_cast<double>(whole));
  if (i > 0 && text[i] == '.' && i + 1 < text.size() && text.size() - i <= 10) {
    std::uint64_t frac = 0;
    double scale = 1;
    std::size_t j = i + 1;
    for (; j < text.size() && is_ascii_digit(text[j]); ++j) {
      frac = frac * 10 + static_cast<std::uint64_t>(text[j] - '0');
      scale *= 10;
    }
    if (j == text.size())
      return in_time_range(static_cast<double>(whole) + static_cast<double>(frac) / scale);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return in_time_range(value);
  return parse_iso_time(text);
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  std::uint32_t address = 0;
  std::uint32_t part = 0;
  int digits = 0;
  int dots = 0;
  for (const char c : text) {
    if (is_ascii_digit(c)) {
      part = part * 10 + static_cast<std::uint32_t>(c - '0');
      if (++digits > 3 || part > 255) return IpAddress::parse(text);
    } else if (c == '.' && digits > 0 && dots < 3) {
      address = (address << 8) | part;
      part = 0;
      digits = 0;
      ++dots;
    } else {
      return IpAddress::parse(text);
    }
  }
  if (dots != 3 || digits == 0) return IpAddress::parse(text);
  return IpAddress::v4((address << 8) | part);
}

std::optional<std::string> canonical_mac(std::string_view text) {
  text = trim_spaces(text);
  std::string out;
  out.reserve(17);
  int nibbles = 0;
  for (const char c : text) {
    if (c == ':' || c == '-' || c == '.') continue;
    const int v = hex_digit_value(c);
    if (v < 0 || nibbles >= 12) return std::nullopt;
    if (nibbles > 0 && nibbles % 2 == 0) out.push_back(':');
    out.push_back("0123456789abcdef"[v]);
    ++nibbles;
  }
  if (nibbles != 12) return std::nullopt;
  return out;
}

std::optional<std::string> canonical_oui(std::string_view text) {
  std::string out;
  for (const char c : trim_spaces(text)) {
    if (c == ':' || c == '-' || c == '.') continue;
    const int v = hex_digit_value(c);
    if (v < 0) return std::nullopt;
    if (out.size() < 6) out.push_back("0123456789ABCDEF"[v]);
  }
  if (out.size() != 6) return std::nullopt;
  return out;
}

bool is_truthy(std::string_view text) {
  text = trim_spaces(text);
  auto equals = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if ((text[i] | 0x20) != word[i]) return false;
    return true;
  };
  return equals("1") || equals("true") || equals("t") || equals("yes") || equals("y") ||
         equals("1.0");
}

std::string quote_for_message(std::string_view text) {
  std::string out = "\"";
  const std::size_t shown = std::min<std::size_t>(text.size(), 40);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (shown < text.size()) out += "...";
  out.push_back('"');
  return out;
}

}  // namespace iotscope

namespace iotscope {

std::optional<std::uint64_t> parse_mac48(std::string_view text) {
  std::uint64_t value = 0;
  int nibbles = 0;
  for (const char c : trim_spaces(text)) {
    if (c == ':' || c == '-' || c == '.') continue;
    int v = -1;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    if (v < 0 || nibbles >= 12) return std::nullopt;
    value = (value << 4) | static_cast<std::uint64_t>(v);
    ++nibbles;
  }
  if (nibbles != 12) return std::nullopt;
  return value;
}

std::array<char, 17> mac48_text(std::uint64_t mac) {
  std::array<char, 17> out{};
  for (int byte = 0; byte < 6; ++byte) {
    const auto b = static_cast<unsigned>((mac >> (8 * (5 - byte))) & 0xFF);
    const auto at = static_cast<std::size_t>(byte) * 3;
    out[at] = "0123456789abcdef"[b >> 4];
    out[at + 1] = "0123456789abcdef"[b & 0xF];
    if (byte < 5) out[at + 2] = ':';
  }
  return out;
}

}  // namespace iotscope
