#pragma once
// Finds known phrases ("philips hue", "tp-link", "fire tv") in free text, tolerating case,
// punctuation, glued or split words and, for long phrases, one typing mistake. All the work that
// does not depend on the text is done once, at construction.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "identify/letter_pair_filter.hpp"
#include "identify/tokenized_text.hpp"
#include "util/hash.hpp"

namespace iotscope {

struct PhraseEntry {
  std::string_view phrase;  // tokenised like the text, so "Tp-Link" and "tp link" are the same
  std::uint16_t value;      // what the caller wants back (a table index, an enum)
  bool fuzzy = true;        // may match with one typing mistake (only phrases of 5+ letters do)
};

struct PhraseMatch {
  std::size_t first_word = 0;    // in the text
  std::size_t text_words = 0;    // words of the text the phrase covers
  std::size_t phrase_words = 0;  // words in the phrase as written: "hue bridge" is 2
  std::uint16_t value = 0;
  bool fuzzy = false;
};

class PhraseMatcher {
 public:
  static constexpr std::size_t kMinFuzzyLetters = 5;
  static constexpr std::size_t kMaxSpanWords = 4;
  static constexpr std::size_t kMaxFuzzyWords = 2;

  // `noise_words` ("inc", "technologies") are never corrected towards a phrase. Throws
  // std::logic_error when two entries spell the same phrase with different values.
  explicit PhraseMatcher(std::span<const PhraseEntry> entries,
                         std::span<const std::string_view> noise_words = {});

  // Every run of 1..kMaxSpanWords words whose letters spell a phrase.
  template <class Visit>
  void for_each_exact(const TokenizedText& text, Visit&& visit) const {
    for (std::size_t first = 0; first < text.size(); ++first) {
      const std::size_t longest = std::min(kMaxSpanWords, text.size() - first);
      for (std::size_t count = 1; count <= longest; ++count) {
        const std::string_view letters = text.span(first, count);
        if (letters.size() > longest_phrase_) break;
        const Target* target = find_exact(letters);
        if (target == nullptr && count == 1) target = find_exact(letters_before_digits(letters));
        if (target != nullptr)
          visit(PhraseMatch{first, count, target->words, target->value, false});
      }
    }
  }

  // Every word, or pair of words glued together ("western digitl"), one edit away from a
  // phrase without being a phrase itself.
  template <class Visit>
  void for_each_fuzzy(const TokenizedText& text, Visit&& visit) const {
    for (std::size_t first = 0; first < text.size(); ++first) {
      const std::size_t longest = std::min(kMaxFuzzyWords, text.size() - first);
      for (std::size_t count = 1; count <= longest; ++count) {
        if (const Target* target = find_fuzzy(text.span(first, count))) {
          visit(PhraseMatch{first, count, target->words, target->value, true});
        }
      }
    }
  }

 private:
  struct Target {
    std::uint16_t value = 0;
    std::uint8_t words = 0;
  };
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return hash_text(text); }
  };
  template <class Value>
  using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

  const Target* find_exact(std::string_view letters) const;
  // Cheap rejection before hashing: phrases of this length with these first and last letters?
  bool may_be_phrase(std::string_view letters) const;
  // "ecobee" of "ecobee3", "echo" of "echo2": a product name with its model number glued on.
  static std::string_view letters_before_digits(std::string_view word);
  const Target* find_fuzzy(std::string_view word) const;
  void add(const PhraseEntry& entry);

  TextMap<Target> exact_;
  std::vector<std::pair<std::string, Target>> fuzzy_phrases_;
  // One edit cannot change both the first two and the last two letters of a 5+ letter word, so
  // every near phrase is in the bucket of the word's opening or of its ending (indexes into
  // fuzzy_phrases_, in table order).
  std::vector<std::vector<std::uint32_t>> fuzzy_by_start_;
  std::vector<std::vector<std::uint32_t>> fuzzy_by_end_;
  std::unordered_set<std::string, TextHash, std::equal_to<>> noise_;
  std::size_t longest_phrase_ = 0;
  LetterPairFilter phrase_starts_;
  LetterPairFilter phrase_ends_;
};

}  // namespace iotscope
