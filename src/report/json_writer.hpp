#pragma once
// A streaming JSON writer: values go out as they are produced, so a report with millions of
// entries never exists as one document in memory.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_string.hpp"

namespace iotscope {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void string(std::string_view text);
  void boolean(bool value);
  void integer(std::int64_t value);
  void unsigned_integer(std::uint64_t value);
  void number(double value);  // shortest round-trip form; NaN and infinities as null
  void null();

  // A key and its value in one call, for the common flat fields.
  void field(std::string_view name, std::string_view text) {
    key(name);
    string(text);
  }
  void field(std::string_view name, const char* text) {
    key(name);
    string(text);
  }
  void field(std::string_view name, bool value) {
    key(name);
    boolean(value);
  }
  void field(std::string_view name, double value) {
    key(name);
    number(value);
  }
  void field(std::string_view name, std::uint64_t value) {
    key(name);
    unsigned_integer(value);
  }
  void field(std::string_view name, std::uint32_t value) {
    key(name);
    unsigned_integer(value);
  }
  void field(std::string_view name, std::uint16_t value) {
    key(name);
    unsigned_integer(value);
  }
  void field(std::string_view name, std::int64_t value) {
    key(name);
    integer(value);
  }

  // `name`: an array with one object per row, its fields written by `fields(row)`.
  template <typename Rows, typename Fields>
  void object_array(std::string_view name, const Rows& rows, Fields fields) {
    key(name);
    begin_array();
    for (const auto& row : rows) {
      begin_object();
      fields(row);
      end_object();
    }
    end_array();
  }

  void flush();

 private:
  void before_value();
  void maybe_flush();

  std::ostream& out_;
  std::string buffer_;
  // One entry per open container: whether it already holds an element (bytes, not
  // std::vector<bool>, whose bit access showed in the profile of every value written).
  std::vector<std::uint8_t> has_element_;
  bool after_key_ = false;
};

}  // namespace iotscope
