#pragma once
// One field value of a Zeek log as read (before typing), the typed parsers shared by the TSV and
// JSON readers, and the TSV escaping Zeek's ASCII writer applies.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip_address.hpp"

namespace iotscope {

struct ZeekRawValue {
  enum class Kind : std::uint8_t {
    unset,         // TSV "-" (the #unset_field), JSON null or a missing key
    empty,         // TSV "(empty)" (the #empty_field)
    tsv_text,      // TSV text, still \xHH-escaped
    json_string,   // unescaped JSON string
    json_literal,  // JSON number, true or false
    json_array,    // raw JSON array text
  };
  Kind kind = Kind::unset;
  std::string_view text;
  char set_separator = ',';
};

// Each parser stores the typed value or returns false with `expected` saying what the field
// should have held.
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<double>& out, std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::uint64_t>& out,
                      std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::uint16_t>& out,
                      std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, IpAddress& out, std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::string& out, std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::string>& out,
                      std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<bool>& out, std::string& expected);
bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::vector<std::string>>& out,
                      std::string& expected);
// The value as Zeek TSV would write it (for columns kept verbatim); nullopt when unset.
std::optional<std::string> zeek_tsv_text(const ZeekRawValue& raw);

// btest masks times in its baselines ("XXXXXXXXXX.XXXXXX"); such a value reads as unset.
bool is_masked_time(std::string_view text);

// Decodes Zeek's \xHH escapes.
std::string zeek_unescape(std::string_view text);
// Encodes a string as a TSV field: "(empty)" when empty, separators, backslashes and control
// bytes as \xHH, and the first byte escaped when the text equals a marker ("-", "(empty)").
void append_zeek_escaped(std::string& out, std::string_view text, bool in_set);
// Appends text with only its control bytes as \xHH: enough to keep a line one line, for text that
// is already escaped or is read back verbatim (header names and types).
void append_control_bytes_escaped(std::string& out, std::string_view text);

}  // namespace iotscope
