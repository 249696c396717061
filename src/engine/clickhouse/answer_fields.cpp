#include "engine/clickhouse/answer_fields.hpp"

#include <fmt/format.h>

#include <charconv>

#include "engine/clickhouse/clickhouse_http.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "util/text.hpp"

namespace iotscope::clickhouse {
namespace {

template <typename Number>
Number parse_number(std::string_view text, std::string_view what) {
  Number value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw ClickHouseError(fmt::format("{}: '{}' is no number", what, text));
  }
  return value;
}

}  // namespace

std::uint64_t parse_u64(std::string_view text, std::string_view what) {
  return parse_number<std::uint64_t>(text, what);
}

double parse_f64(std::string_view text, std::string_view what) {
  return parse_number<double>(text, what);
}

std::string unhex(std::string_view hex, std::string_view what) {
  if (hex.size() % 2 != 0) throw ClickHouseError(fmt::format("{}: '{}' is no hex", what, hex));
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_digit_value(hex[i]);
    const int low = hex_digit_value(hex[i + 1]);
    if (high < 0 || low < 0) throw ClickHouseError(fmt::format("{}: '{}' is no hex", what, hex));
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::vector<std::string> unhex_array(std::string_view text, std::string_view what) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
    throw ClickHouseError(fmt::format("{}: '{}' is no array", what, text));
  }
  std::vector<std::string> out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    if (item.size() < 2 || item.front() != '\'' || item.back() != '\'') {
      throw ClickHouseError(fmt::format("{}: '{}' is no quoted hex string", what, item));
    }
    out.push_back(unhex(item.substr(1, item.size() - 2), what));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

void append_tsv_array(std::string& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    out += sql_string(items[i]);
  }
  out.push_back(']');
}

}  // namespace iotscope::clickhouse
