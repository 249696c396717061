#include "sources/zeek/zeek_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "sources/text/field_parsers.hpp"
#include "util/byte_set.hpp"

namespace iotscope {
namespace {

using Kind = ZeekRawValue::Kind;

constexpr std::string_view kUnsetMarker = "-";
constexpr std::string_view kEmptyMarker = "(empty)";
// What Zeek writes as \xHH: a table lookup per byte, as a conn.log row has eight strings.
constexpr ByteSet kEscaped = ByteSet("\\\x7f").with_range(0x00, 0x1f);
constexpr ByteSet kEscapedInSet = ByteSet(",\\\x7f").with_range(0x00, 0x1f);  // set elements

bool fail(std::string& expected, std::string_view what, const ZeekRawValue& raw) {
  expected = fmt::format("expected {}, found {}", what, quote_for_message(raw.text));
  return false;
}

bool is_scalar_text(const ZeekRawValue& raw) {
  return raw.kind == Kind::tsv_text || raw.kind == Kind::json_literal ||
         raw.kind == Kind::json_string;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded_text(const ZeekRawValue& raw) {
  if (raw.kind == Kind::tsv_text) return zeek_unescape(raw.text);
  return std::string(raw.text);
}

// Splits a TSV set or vector on its separator; each element is unescaped on its own.
std::vector<std::string> split_set(const ZeekRawValue& raw) {
  std::vector<std::string> elements;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = raw.text.find(raw.set_separator, start);
    elements.push_back(zeek_unescape(raw.text.substr(start, end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return elements;
}

bool parse_json_string_array(const ZeekRawValue& raw, std::vector<std::string>& out) {
  const auto parsed = nlohmann::json::parse(raw.text, nullptr, false);
  if (!parsed.is_array()) return false;
  for (const auto& element : parsed)
    out.push_back(element.is_string() ? element.get<std::string>() : element.dump());
  return true;
}

}  // namespace

bool is_masked_time(std::string_view text) {
  if (text.empty()) return false;
  bool has_x = false;
  for (const char c : text) {
    if (c == 'X')
      has_x = true;
    else if (c != '.')
      return false;
  }
  return has_x;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<double>& out, std::string& expected) {
  out.reset();
  if (raw.kind == Kind::unset) return true;
  if (!is_scalar_text(raw)) return fail(expected, "a time or interval in seconds", raw);
  if (is_masked_time(raw.text)) return true;
  if (raw.kind == Kind::json_literal) {
    double value = 0;
    const auto [end, ec] =
        std::from_chars(raw.text.data(), raw.text.data() + raw.text.size(), value);
    if (ec == std::errc() && end == raw.text.data() + raw.text.size() && value >= 0 &&
        value < 1e11) {
      out = value;
      return true;
    }
    return fail(expected, "a time or interval in seconds", raw);
  }
  const auto value = parse_unix_time(raw.text);
  if (!value) return fail(expected, "a time or interval in seconds", raw);
  out = *value;
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::uint64_t>& out,
                      std::string& expected) {
  out.reset();
  if (raw.kind == Kind::unset) return true;
  const auto value =
      is_scalar_text(raw) && !raw.text.empty() ? parse_count(raw.text) : std::nullopt;
  if (!value) return fail(expected, "a count (non-negative integer)", raw);
  out = *value;
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::uint16_t>& out,
                      std::string& expected) {
  out.reset();
  if (raw.kind == Kind::unset) return true;
  const auto value = is_scalar_text(raw) ? parse_port(raw.text) : std::nullopt;
  if (!value) return fail(expected, "a port number 0-65535", raw);
  out = *value;
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, IpAddress& out, std::string& expected) {
  out = IpAddress{};
  if (raw.kind == Kind::unset) return true;
  const auto value = is_scalar_text(raw) ? parse_ip(raw.text) : std::nullopt;
  if (!value) return fail(expected, "an IPv4 or IPv6 address", raw);
  out = *value;
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::string& out, std::string& expected) {
  out.clear();
  if (raw.kind == Kind::unset || raw.kind == Kind::empty) return true;
  if (!is_scalar_text(raw)) return fail(expected, "a string", raw);
  out = decoded_text(raw);
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::string>& out,
                      std::string& expected) {
  out.reset();
  if (raw.kind == Kind::unset) return true;
  if (raw.kind == Kind::empty) {
    out.emplace();
    return true;
  }
  if (!is_scalar_text(raw)) return fail(expected, "a string", raw);
  out = decoded_text(raw);
  return true;
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<bool>& out, std::string& expected) {
  out.reset();
  if (raw.kind == Kind::unset) return true;
  if (raw.kind == Kind::tsv_text && (raw.text == "T" || raw.text == "F")) {
    out = raw.text == "T";
    return true;
  }
  if (raw.kind == Kind::json_literal && (raw.text == "true" || raw.text == "false")) {
    out = raw.text == "true";
    return true;
  }
  return fail(expected, "a bool (T or F)", raw);
}

bool parse_zeek_value(const ZeekRawValue& raw, std::optional<std::vector<std::string>>& out,
                      std::string& expected) {
  out.reset();
  switch (raw.kind) {
    case Kind::unset:
      return true;
    case Kind::empty:
      out.emplace();
      return true;
    case Kind::tsv_text:
      out = split_set(raw);
      return true;
    case Kind::json_array: {
      std::vector<std::string> elements;
      if (!parse_json_string_array(raw, elements)) return fail(expected, "a JSON array", raw);
      out = std::move(elements);
      return true;
    }
    case Kind::json_string:
    case Kind::json_literal:
      break;
  }
  return fail(expected, "a set or vector", raw);
}

std::optional<std::string> zeek_tsv_text(const ZeekRawValue& raw) {
  std::string out;
  switch (raw.kind) {
    case Kind::unset:
      return std::nullopt;
    case Kind::empty:
      return std::string(kEmptyMarker);
    case Kind::tsv_text:
      // Already escaped for Zeek's own separators; a log with another #separator may still hold
      // raw tabs or control bytes, which would break a tab-separated line.
      append_control_bytes_escaped(out, raw.text);
      return out;
    case Kind::json_literal:
      if (raw.text == "true") return std::string("T");
      if (raw.text == "false") return std::string("F");
      append_zeek_escaped(out, raw.text, false);  // a nested object may hold tabs or newlines
      return out;
    case Kind::json_string:
      append_zeek_escaped(out, raw.text, false);
      return out;
    case Kind::json_array: {
      std::vector<std::string> elements;
      if (!parse_json_string_array(raw, elements)) {
        append_zeek_escaped(out, raw.text, false);
        return out;
      }
      if (elements.empty()) return std::string(kEmptyMarker);
      for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_zeek_escaped(out, elements[i], true);
      }
      return out;
    }
  }
  return std::nullopt;
}

std::string zeek_unescape(std::string_view text) {
  if (text.find('\\') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      const int high = hex_digit(text[i + 2]);
      const int low = hex_digit(text[i + 3]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 3;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

void append_control_bytes_escaped(std::string& out, std::string_view text) {
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out.push_back(ch);
  }
}

void append_zeek_escaped(std::string& out, std::string_view text, bool in_set) {
  if (text.empty()) {
    if (!in_set) out += kEmptyMarker;  // an empty set element is just nothing between separators
    return;
  }
  const ByteSet& escaped = in_set ? kEscapedInSet : kEscaped;
  const bool is_marker = text == kUnsetMarker || text == kEmptyMarker;
  // Most values need no escape: what comes before the first that does is copied whole.
  const std::size_t first_escape = is_marker ? 0 : std::min(escaped.find_in(text), text.size());
  out.append(text.substr(0, first_escape));
  for (std::size_t i = first_escape; i < text.size(); ++i) {
    if ((i == 0 && is_marker) || escaped.contains(text[i]))
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
    else
      out.push_back(text[i]);
  }
}

}  // namespace iotscope
