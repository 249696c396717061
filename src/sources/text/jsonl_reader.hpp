#pragma once
// A small parser for the flat JSON objects of a JSON Lines table: one object per line whose
// values are strings, numbers, booleans or null. Nested objects and arrays are kept as their raw
// JSON text so a caller can hand them to a full JSON parser. Strings are unescaped (including
// \uXXXX surrogate pairs) into a reusable buffer: no allocation per record once it has grown.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iotscope {

struct JsonMember {
  std::string_view key;
  std::string_view value;    // unescaped string, or the raw text of any other value
  std::uint32_t offset = 0;  // byte offset of the value inside the record
  bool is_string = false;
  bool is_null = false;
};

class FlatJsonParser {
 public:
  // Parses `record`; false on a syntax error, with error() saying what was expected where.
  bool parse(std::string_view record);
  const std::vector<JsonMember>& members() const { return members_; }
  const std::string& error() const { return error_; }
  std::uint32_t error_offset() const { return error_offset_; }

 private:
  bool fail(std::size_t pos, std::string message);
  void skip_space();
  bool parse_string(std::string_view& out);
  bool parse_value(JsonMember& member);
  bool skip_nested();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<JsonMember> members_;
  std::string unescaped_;
  std::string error_;
  std::uint32_t error_offset_ = 0;
};

}  // namespace iotscope
