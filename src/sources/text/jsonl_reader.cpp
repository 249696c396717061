#include "sources/text/jsonl_reader.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace iotscope {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace

bool FlatJsonParser::fail(std::size_t pos, std::string message) {
  error_offset_ = static_cast<std::uint32_t>(pos);
  error_ = std::move(message);
  return false;
}

void FlatJsonParser::skip_space() {
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
}

bool FlatJsonParser::parse(std::string_view record) {
  text_ = record;
  pos_ = 0;
  members_.clear();
  unescaped_.clear();
  // Unescaping never lengthens a string, so views into the buffer stay valid.
  unescaped_.reserve(record.size());
  skip_space();
  if (pos_ >= text_.size() || text_[pos_] != '{') return fail(pos_, "expected a JSON object '{'");
  ++pos_;
  skip_space();
  if (pos_ < text_.size() && text_[pos_] == '}') {
    ++pos_;
  } else {
    while (true) {
      skip_space();
      JsonMember member;
      if (pos_ >= text_.size() || text_[pos_] != '"') return fail(pos_, "expected a quoted key");
      if (!parse_string(member.key)) return false;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':') return fail(pos_, "expected ':' after a key");
      ++pos_;
      skip_space();
      if (!parse_value(member)) return false;
      members_.push_back(member);
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        break;
      }
      return fail(pos_, "expected ',' or '}' after a value");
    }
  }
  skip_space();
  if (pos_ != text_.size()) return fail(pos_, "unexpected text after the JSON object");
  return true;
}

bool FlatJsonParser::parse_string(std::string_view& out) {
  const std::size_t start = ++pos_;  // past the opening quote
  // Fast path: no escapes, the view points into the record.
  while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '"') {
    out = text_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }
  const std::size_t out_start = unescaped_.size();
  unescaped_.append(text_.substr(start, pos_ - start));
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      out = std::string_view(unescaped_).substr(out_start);
      ++pos_;
      return true;
    }
    if (c != '\\') {
      unescaped_.push_back(c);
      ++pos_;
      continue;
    }
    if (pos_ + 1 >= text_.size()) break;
    const char e = text_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"':
        unescaped_.push_back('"');
        break;
      case '\\':
        unescaped_.push_back('\\');
        break;
      case '/':
        unescaped_.push_back('/');
        break;
      case 'b':
        unescaped_.push_back('\b');
        break;
      case 'f':
        unescaped_.push_back('\f');
        break;
      case 'n':
        unescaped_.push_back('\n');
        break;
      case 'r':
        unescaped_.push_back('\r');
        break;
      case 't':
        unescaped_.push_back('\t');
        break;
      case 'u': {
        auto read_hex4 = [&](std::uint32_t& code) {
          if (pos_ + 4 > text_.size()) return false;
          code = 0;
          for (int i = 0; i < 4; ++i) {
            const int v = hex_digit_value(text_[pos_ + static_cast<std::size_t>(i)]);
            if (v < 0) return false;
            code = code * 16 + static_cast<std::uint32_t>(v);
          }
          pos_ += 4;
          return true;
        };
        std::uint32_t code = 0;
        if (!read_hex4(code)) return fail(pos_, "expected four hex digits after \\u");
        if (code >= 0xD800 && code < 0xDC00 && pos_ + 1 < text_.size() && text_[pos_] == '\\' &&
            text_[pos_ + 1] == 'u') {
          pos_ += 2;
          std::uint32_t low = 0;
          if (!read_hex4(low)) return fail(pos_, "expected four hex digits after \\u");
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else {
            append_utf8(unescaped_, 0xFFFD);
            code = low;
          }
        }
        // Lone surrogates become U+FFFD rather than invalid UTF-8.
        if (code >= 0xD800 && code < 0xE000) code = 0xFFFD;
        // Each \u escape is 6 bytes and yields at most 4, so the buffer never outgrows the record.
        append_utf8(unescaped_, code);
        break;
      }
      default:
        return fail(pos_ - 1, fmt::format("invalid escape '\\{}' in a string", e));
    }
  }
  return fail(text_.size(), "unterminated string");
}

bool FlatJsonParser::skip_nested() {
  int depth = 0;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
      if (pos_ >= text_.size()) break;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        ++pos_;
        return true;
      }
    }
    ++pos_;
  }
  return fail(text_.size(), "unterminated nested object or array");
}

bool FlatJsonParser::parse_value(JsonMember& member) {
  member.offset = static_cast<std::uint32_t>(pos_);
  if (pos_ >= text_.size()) return fail(pos_, "expected a value");
  const char c = text_[pos_];
  if (c == '"') {
    member.is_string = true;
    return parse_string(member.value);
  }
  const std::size_t start = pos_;
  if (c == '{' || c == '[') {
    if (!skip_nested()) return false;
    member.value = text_.substr(start, pos_ - start);
    return true;
  }
  while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != '}')
    ++pos_;
  member.value = text_.substr(start, pos_ - start);
  if (member.value.empty()) return fail(start, "expected a value");
  member.is_null = member.value == "null";
  const char first = member.value.front();
  const bool plausible = member.is_null || member.value == "true" || member.value == "false" ||
                         first == '-' || (first >= '0' && first <= '9');
  if (!plausible) return fail(start, "expected a string, number, true, false or null");
  return true;
}

}  // namespace iotscope
