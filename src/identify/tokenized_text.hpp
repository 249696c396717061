#pragma once
// Free text cut into lower-case alphanumeric words, held without heap allocation so that a million
// labels can be matched quickly. Words are stored back to back, so the concatenation of adjacent
// words ("tp" "link" -> "tplink") is a plain substring.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace iotscope {

class TokenizedText {
 public:
  static constexpr std::size_t kMaxChars = 192;
  static constexpr std::size_t kMaxWords = 24;

  enum class CaseSplit : std::uint8_t { split, keep };

  // Splits at every non-alphanumeric byte and, unless told to keep them, at lower-to-upper case
  // changes ("RingDoorbell", "SonosZP"; registry names keep them: "EchoStar" is one company).
  // Apostrophes vanish without splitting ("philip's" -> "philips"). Text beyond the capacity is
  // ignored: labels that long carry no extra identity.
  explicit TokenizedText(std::string_view text, CaseSplit case_split = CaseSplit::split);

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view word(std::size_t index) const { return span(index, 1); }
  // Words [first, first + count) glued together.
  std::string_view span(std::size_t first, std::size_t count) const;

 private:
  void end_word();
  bool full() const { return count_ == kMaxWords || used_ == kMaxChars; }

  std::array<char, kMaxChars> chars_;  // only the first used_ bytes are ever read
  std::array<std::uint8_t, kMaxWords + 1> starts_{};
  std::size_t used_ = 0;
  std::size_t count_ = 0;
};

}  // namespace iotscope
