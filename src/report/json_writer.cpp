#include "report/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace iotscope {
namespace {

constexpr std::size_t kFlushBytes = 1 << 16;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // overlong
    if (lead == 0xED) max_second = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void append_escaped_ascii(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
    out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
  } else {
    out.push_back(c);
  }
}

// Printable ASCII that JSON takes as it is: copied in runs, not byte by byte.
bool is_plain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t plain_end = i;
    while (plain_end < text.size() && is_plain(text[plain_end])) ++plain_end;
    if (plain_end > i) {
      out.append(text.data() + i, plain_end - i);
      i = plain_end;
      continue;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      append_escaped_ascii(out, text[i++]);
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  out.push_back('"');
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_element_.empty()) {
    if (has_element_.back()) buffer_.push_back(',');
    has_element_.back() = true;
  }
}

void JsonWriter::begin_object() {
  before_value();
  buffer_.push_back('{');
  has_element_.push_back(false);
}

void JsonWriter::end_object() {
  has_element_.pop_back();
  buffer_.push_back('}');
  maybe_flush();
}

void JsonWriter::begin_array() {
  before_value();
  buffer_.push_back('[');
  has_element_.push_back(false);
}

void JsonWriter::end_array() {
  has_element_.pop_back();
  buffer_.push_back(']');
  maybe_flush();
}

void JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(buffer_, name);
  buffer_.push_back(':');
  after_key_ = true;
}

void JsonWriter::string(std::string_view text) {
  before_value();
  append_json_string(buffer_, text);
}

void JsonWriter::boolean(bool value) {
  before_value();
  buffer_ += value ? "true" : "false";
}

void JsonWriter::integer(std::int64_t value) {
  before_value();
  const fmt::format_int text(value);
  buffer_.append(text.data(), text.size());
}

void JsonWriter::unsigned_integer(std::uint64_t value) {
  before_value();
  const fmt::format_int text(value);
  buffer_.append(text.data(), text.size());
}

void JsonWriter::number(double value) {
  before_value();
  if (!std::isfinite(value)) {
    buffer_ += "null";
    return;
  }
  // fmt's shortest form of an integral double is "3"; that is a valid JSON number too.
  fmt::format_to(std::back_inserter(buffer_), "{}", value);
}

void JsonWriter::null() {
  before_value();
  buffer_ += "null";
}

void JsonWriter::maybe_flush() {
  if (buffer_.size() >= kFlushBytes) flush();
}

void JsonWriter::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace iotscope
