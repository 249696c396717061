#include "identify/mac_prefix.hpp"

#include <array>
#include <cstddef>

#include "util/text.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kPrefixBytes = 3;
constexpr std::size_t kMacBytes = 6;

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Reads `byte_count` bytes written as pairs of hex digits with `separator` between pairs
// ('\0' for none). Returns the first three bytes.
std::optional<std::uint32_t> read_bytes(std::string_view text, char separator,
                                        std::size_t byte_count) {
  const std::size_t stride = separator == '\0' ? 2 : 3;
  const std::size_t expected_length = byte_count * stride - (stride - 2);
  if (text.size() != expected_length) return std::nullopt;
  std::uint32_t prefix = 0;
  for (std::size_t byte = 0; byte < byte_count; ++byte) {
    const std::size_t at = byte * stride;
    const int high = hex_digit_value(text[at]);
    const int low = hex_digit_value(text[at + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    if (separator != '\0' && byte + 1 < byte_count && text[at + 2] != separator) {
      return std::nullopt;
    }
    if (byte < kPrefixBytes) prefix = (prefix << 8) | static_cast<std::uint32_t>(high * 16 + low);
  }
  return prefix;
}

}  // namespace

std::optional<std::uint32_t> parse_oui_prefix(std::string_view oui_or_mac) {
  const std::string_view text = trim_blanks(oui_or_mac);
  if (text.size() < 3) return std::nullopt;
  const char separator = (text[2] == ':' || text[2] == '-') ? text[2] : '\0';
  for (const std::size_t byte_count : std::array{kPrefixBytes, kMacBytes}) {
    if (auto prefix = read_bytes(text, separator, byte_count)) return prefix;
  }
  return std::nullopt;
}

std::string format_oui(std::uint32_t prefix) {
  constexpr std::string_view kDigits = "0123456789ABCDEF";
  std::string text(6, '0');
  for (std::size_t i = 0; i < text.size(); ++i) {
    text[text.size() - 1 - i] = kDigits[(prefix >> (4 * i)) & 0xFU];
  }
  return text;
}

}  // namespace iotscope
