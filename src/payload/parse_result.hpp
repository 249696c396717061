#pragma once
// The outcome of parsing untrusted bytes: a value, or an error that says at which byte offset
// the input stopped making sense and what was expected there. std::expected is C++23; this is
// the small subset the payload parsers need.
#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace iotscope {

struct ParseError {
  std::size_t offset = 0;  // byte offset into the span handed to the parser
  std::string expected;    // what the parser needed at that offset

  std::string message() const {
    return "byte " + std::to_string(offset) + ": expected " + expected;
  }
};

template <class T>
class ParseResult {
 public:
  ParseResult(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  ParseResult(ParseError error)
      : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<T>(state_); }
  T& value() { return std::get<T>(state_); }
  const T* operator->() const { return &value(); }
  const T& operator*() const { return value(); }
  const ParseError& error() const { return std::get<ParseError>(state_); }

 private:
  std::variant<T, ParseError> state_;
};

}  // namespace iotscope
