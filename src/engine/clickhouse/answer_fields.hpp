#pragma once
// Reading ClickHouse's TabSeparated answers back into values, and writing the array fields of
// rows. Free text comes back hex-encoded (`hex()` in the query) so every byte survives; a
// malformed answer is a ClickHouseError naming the table (`what`) and the field.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope::clickhouse {

std::uint64_t parse_u64(std::string_view text, std::string_view what);
double parse_f64(std::string_view text, std::string_view what);
std::string unhex(std::string_view hex, std::string_view what);
// ['41','4243'], as ClickHouse writes an Array(String) of hex() in TabSeparated.
std::vector<std::string> unhex_array(std::string_view text, std::string_view what);

// An Array(String) value as one TabSeparated field: ['a','b'], every element an escaped
// literal, so no tab or newline is left in the field.
void append_tsv_array(std::string& out, const std::vector<std::string>& items);

// Calls `line(text)` for every line of an answer.
template <typename LineFn>
void for_each_line(std::string_view answer, LineFn&& line) {
  while (!answer.empty()) {
    const auto newline = answer.find('\n');
    line(answer.substr(0, newline));
    answer = newline == std::string_view::npos ? std::string_view{} : answer.substr(newline + 1);
  }
}

}  // namespace iotscope::clickhouse
