#pragma once
// A bounds-checked big-endian cursor over untrusted bytes: every read either succeeds inside the
// span or returns nullopt, so parsers never index past the end.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "payload/parse_result.hpp"

namespace iotscope {

using ByteSpan = std::span<const std::uint8_t>;

class ByteReader {
 public:
  explicit ByteReader(ByteSpan bytes, std::size_t base_offset = 0)
      : bytes_(bytes), base_(base_offset) {}

  // Offset of the next byte, counted from the start of the outermost span (base_offset).
  std::size_t offset() const { return base_ + pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool empty() const { return pos_ == bytes_.size(); }

  std::optional<std::uint8_t> u8() {
    if (remaining() < 1) return std::nullopt;
    return bytes_[pos_++];
  }
  std::optional<std::uint16_t> u16() { return read_uint<std::uint16_t>(2); }
  std::optional<std::uint32_t> u24() { return read_uint<std::uint32_t>(3); }
  std::optional<std::uint32_t> u32() { return read_uint<std::uint32_t>(4); }
  std::optional<std::uint64_t> u64() { return read_uint<std::uint64_t>(8); }

  std::optional<ByteSpan> take(std::size_t count) {
    if (remaining() < count) return std::nullopt;
    const ByteSpan part = bytes_.subspan(pos_, count);
    pos_ += count;
    return part;
  }
  // A reader over the next count bytes whose offsets continue this reader's numbering.
  std::optional<ByteReader> sub_reader(std::size_t count) {
    const std::size_t start = offset();
    const auto part = take(count);
    if (!part) return std::nullopt;
    return ByteReader(*part, start);
  }
  bool skip(std::size_t count) { return take(count).has_value(); }
  ByteSpan rest() const { return bytes_.subspan(pos_); }

  ParseError error(std::string expected) const { return ParseError{offset(), std::move(expected)}; }

 private:
  template <class U>
  std::optional<U> read_uint(std::size_t width) {
    if (remaining() < width) return std::nullopt;
    U value = 0;
    for (std::size_t i = 0; i < width; ++i) value = static_cast<U>((value << 8) | bytes_[pos_ + i]);
    pos_ += width;
    return value;
  }

  ByteSpan bytes_;
  std::size_t base_ = 0;
  std::size_t pos_ = 0;
};

inline std::string_view as_text(ByteSpan bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline ByteSpan as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace iotscope
