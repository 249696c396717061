#pragma once
// A quick "certainly not" for phrase lookups: remembers which two-letter openings (or endings)
// the phrases have, so most words are rejected without hashing.
#include <bitset>
#include <cstddef>
#include <string_view>

namespace iotscope {

class LetterPairFilter {
 public:
  void add(std::string_view pair) { seen_.set(code(pair)); }
  // `pair` is two lower-case letters or digits.
  bool contains(std::string_view pair) const { return seen_.test(code(pair)); }

  static constexpr std::size_t kSymbols = 36;  // a-z, 0-9
  static constexpr std::size_t kPairs = kSymbols * kSymbols;
  static std::size_t symbol(char c) {
    return c >= 'a' ? static_cast<std::size_t>(c - 'a') : static_cast<std::size_t>(26 + c - '0');
  }
  // A dense number below kPairs for the pair.
  static std::size_t code(std::string_view pair) {
    return symbol(pair[0]) * kSymbols + symbol(pair[1]);
  }

 private:
  std::bitset<kPairs> seen_;
};

}  // namespace iotscope
