#pragma once
// A set of bytes tested by one table lookup. std::string_view::find_first_of calls memchr on the
// set for every byte of the text, which made it the largest single cost of writing the CSV
// tables (bench/RESULTS.md section 2).
#include <array>
#include <cstddef>
#include <string_view>

namespace iotscope {

class ByteSet {
 public:
  constexpr explicit ByteSet(std::string_view members) {
    for (const char c : members) has_[static_cast<unsigned char>(c)] = true;
  }
  // The set plus every byte from `first` to `last`, both included.
  constexpr ByteSet with_range(unsigned char first, unsigned char last) const {
    ByteSet wider = *this;
    for (unsigned byte = first; byte <= last; ++byte) wider.has_[byte] = true;
    return wider;
  }

  constexpr bool contains(char c) const { return has_[static_cast<unsigned char>(c)]; }
  // The index of the first byte of `text` at or after `from` in the set, or npos.
  constexpr std::size_t find_in(std::string_view text, std::size_t from = 0) const {
    for (std::size_t i = from; i < text.size(); ++i) {
      if (contains(text[i])) return i;
    }
    return std::string_view::npos;
  }

 private:
  std::array<bool, 256> has_{};
};

}  // namespace iotscope
