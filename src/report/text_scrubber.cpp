#include "report/text_scrubber.hpp"

#include <cctype>
#include <optional>

#include "model/ip_address.hpp"

namespace iotscope {
namespace {

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_run_char(char c) {
  return is_hex(c) || c == '.' || c == ':' || c == '-';
}
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// "aa:bb:cc:dd:ee:ff" or "aa-bb-cc-dd-ee-ff".
bool is_mac(std::string_view text) {
  if (text.size() != 17) return false;
  const char separator = text[2];
  if (separator != ':' && separator != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool separator_position = i % 3 == 2;
    if (separator_position ? text[i] != separator : !is_hex(text[i])) return false;
  }
  return true;
}

bool has_digit(std::string_view text) {
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) return true;
  }
  return false;
}

// An address worth replacing: plain numbers and words such as "cafe" are not.
std::optional<IpAddress> as_address(std::string_view text) {
  const bool dotted = text.find('.') != std::string_view::npos;
  const bool coloned = text.find(':') != std::string_view::npos;
  if (!(dotted || coloned) || !has_digit(text)) return std::nullopt;
  return IpAddress::parse(text);
}

std::optional<std::string> replacement(std::string_view piece, const Anonymizer& anonymizer) {
  if (const auto address = as_address(piece)) return anonymizer.address(*address);
  // "192.168.1.5:8080": an IPv4 address with its port.
  const std::size_t colon = piece.find(':');
  if (colon != std::string_view::npos && piece.find(':', colon + 1) == std::string_view::npos &&
      piece.find('.') < colon) {
    if (const auto address = IpAddress::parse(piece.substr(0, colon));
        address && address->is_v4()) {
      return anonymizer.address(*address) + std::string(piece.substr(colon));
    }
  }
  return std::nullopt;
}

// One '-'-free piece; sentence punctuation around an address is not part of it.
std::string scrub_piece(std::string_view piece, const Anonymizer& anonymizer) {
  std::size_t begin = 0;
  while (begin < piece.size() && piece[begin] == '.') ++begin;
  std::size_t end = piece.size();
  while (end > begin && (piece[end - 1] == '.' || piece[end - 1] == ':')) --end;
  const auto core = piece.substr(begin, end - begin);
  if (const auto replaced = replacement(core, anonymizer)) {
    return std::string(piece.substr(0, begin)) + *replaced + std::string(piece.substr(end));
  }
  return std::string(piece);
}

std::string scrub_run(std::string_view run, const Anonymizer& anonymizer) {
  if (is_mac(run)) return anonymizer.mac(run);
  // A MAC followed by sentence punctuation.
  if (run.size() > 17 && is_mac(run.substr(0, 17)) &&
      run.find_first_not_of(".:", 17) == std::string_view::npos) {
    return anonymizer.mac(run.substr(0, 17)) + std::string(run.substr(17));
  }
  // "10.0.0.1-10.0.0.9": ranges and dashes split addresses; IP addresses hold no '-'.
  std::string result;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dash = run.find('-', begin);
    result += scrub_piece(run.substr(begin, dash - begin), anonymizer);
    if (dash == std::string_view::npos) break;
    result.push_back('-');
    begin = dash + 1;
  }
  return result;
}

}  // namespace

std::string scrub_addresses(std::string_view text, const Anonymizer& anonymizer) {
  std::string result;
  result.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // A run glued to letters ("ESP_a1b2c3", "v1.2.3beta") is part of a word, not an address.
    if (!is_run_char(text[i]) || (i > 0 && is_word_char(text[i - 1]))) {
      result.push_back(text[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_run_char(text[end])) ++end;
    if (end < text.size() && is_word_char(text[end])) {
      result.append(text.substr(i, end - i));
    } else {
      result.append(scrub_run(text.substr(i, end - i), anonymizer));
    }
    i = end;
  }
  return result;
}

}  // namespace iotscope
