#include "engine/clickhouse/sql_literal.hpp"

#include <fmt/format.h>

namespace iotscope::clickhouse {
namespace {

void append_hex_escape(std::string& out, unsigned char byte) {
  fmt::format_to(std::back_inserter(out), "\\x{:02X}", byte);
}

// Escapes everything that is not printable ASCII, plus the quote character and backslash.
std::string quoted(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back(quote);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte >= 0x7F) {
      append_hex_escape(out, byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back(quote);
  return out;
}

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

}  // namespace

std::string sql_string(std::string_view text) {
  return quoted(text, '\'');
}

std::string sql_identifier(std::string_view name) {
  return quoted(name, '`');
}

void append_tsv_field(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        out.push_back(c);
    }
  }
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !is_name_start(name.front())) return false;
  for (const char c : name) {
    if (!is_name_start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace iotscope::clickhouse
