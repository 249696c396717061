#include "report/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

namespace iotscope {
namespace {

constexpr std::size_t kJsonFlushBytes = 1 << 16;

}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_element_.empty()) {
    if (has_element_.back()) buffer_.push_back(',');
    has_element_.back() = 1;
  }
}

void JsonWriter::begin_object() {
  before_value();
  buffer_.push_back('{');
  has_element_.push_back(0);
}

void JsonWriter::end_object() {
  has_element_.pop_back();
  buffer_.push_back('}');
  maybe_flush();
}

void JsonWriter::begin_array() {
  before_value();
  buffer_.push_back('[');
  has_element_.push_back(0);
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
  if (buffer_.size() >= kJsonFlushBytes) flush();
}

void JsonWriter::flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace iotscope
