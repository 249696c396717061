#pragma once
// Escaping for text that reaches ClickHouse: SQL string literals, identifiers, and TabSeparated
// fields. Device labels and host names are free text typed by strangers, so every value from
// data goes through one of these; the results are plain ASCII except inside TSV fields.
#include <string>
#include <string_view>

namespace iotscope::clickhouse {

// 'text' with quotes, backslashes, control characters, DEL and every byte >= 0x80 escaped
// (\xHH), so any byte sequence, NUL and invalid UTF-8 included, comes back unchanged.
std::string sql_string(std::string_view text);

// `name` in backquotes with backquotes and backslashes escaped; NUL and other control bytes
// as \xHH. Names iotscope makes itself still go through this.
std::string sql_identifier(std::string_view name);

// One TabSeparated field: backslash, tab, newline, carriage return and NUL escaped; other bytes
// pass unchanged (the format is binary-safe).
void append_tsv_field(std::string& out, std::string_view text);

// True for names ClickHouse accepts unquoted and iotscope accepts for databases and clusters:
// [A-Za-z_][A-Za-z0-9_]*, at most 64 bytes.
bool is_plain_name(std::string_view name);

}  // namespace iotscope::clickhouse
