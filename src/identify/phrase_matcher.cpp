#include "identify/phrase_matcher.hpp"

#include <stdexcept>

#include "identify/edit_distance.hpp"

namespace iotscope {

PhraseMatcher::PhraseMatcher(std::span<const PhraseEntry> entries,
                             std::span<const std::string_view> noise_words)
    : fuzzy_by_start_(LetterPairFilter::kPairs), fuzzy_by_end_(LetterPairFilter::kPairs) {
  for (const PhraseEntry& entry : entries) add(entry);
  for (const std::string_view word : noise_words) {
    const TokenizedText words(word);
    noise_.emplace(words.span(0, words.size()));
  }
}

void PhraseMatcher::add(const PhraseEntry& entry) {
  const TokenizedText words(entry.phrase);
  if (words.empty()) throw std::logic_error("empty phrase in a phrase table");
  const std::string letters(words.span(0, words.size()));
  if (letters.size() < 2) throw std::logic_error("one-letter phrase '" + letters + "'");
  const Target target{entry.value, static_cast<std::uint8_t>(words.size())};
  const auto [found, added] = exact_.try_emplace(letters, target);
  if (!added) {
    if (found->second.value != entry.value) {
      throw std::logic_error("phrase '" + std::string(entry.phrase) + "' has two meanings");
    }
    return;
  }
  longest_phrase_ = std::max(longest_phrase_, letters.size());
  phrase_starts_.add(letters.substr(0, 2));
  phrase_ends_.add(letters.substr(letters.size() - 2));
  if (entry.fuzzy && letters.size() >= kMinFuzzyLetters) {
    const auto index = static_cast<std::uint32_t>(fuzzy_phrases_.size());
    fuzzy_by_start_[LetterPairFilter::code(letters.substr(0, 2))].push_back(index);
    fuzzy_by_end_[LetterPairFilter::code(letters.substr(letters.size() - 2))].push_back(index);
    fuzzy_phrases_.emplace_back(letters, target);
  }
}

bool PhraseMatcher::may_be_phrase(std::string_view letters) const {
  if (letters.size() < 2 || letters.size() > longest_phrase_) return false;
  return phrase_starts_.contains(letters.substr(0, 2)) &&
         phrase_ends_.contains(letters.substr(letters.size() - 2));
}

const PhraseMatcher::Target* PhraseMatcher::find_exact(std::string_view letters) const {
  if (!may_be_phrase(letters)) return nullptr;
  const auto found = exact_.find(letters);
  return found == exact_.end() ? nullptr : &found->second;
}

std::string_view PhraseMatcher::letters_before_digits(std::string_view word) {
  constexpr std::size_t kMinLetters = 3;  // shorter heads ("hs" of "hs105") are model codes
  std::size_t letters = 0;
  while (letters < word.size() && word[letters] >= 'a' && word[letters] <= 'z') ++letters;
  if (letters < kMinLetters || letters == word.size()) return {};
  if (word[letters] < '0' || word[letters] > '9') return {};
  return word.substr(0, letters);
}

const PhraseMatcher::Target* PhraseMatcher::find_fuzzy(std::string_view word) const {
  if (word.size() < kMinFuzzyLetters || word.size() > longest_phrase_ + 1) return nullptr;
  const auto& by_start = fuzzy_by_start_[LetterPairFilter::code(word.substr(0, 2))];
  const auto& by_end = fuzzy_by_end_[LetterPairFilter::code(word.substr(word.size() - 2))];
  if (by_start.empty() && by_end.empty()) return nullptr;
  if (find_exact(word) != nullptr || noise_.contains(word)) return nullptr;
  // The earliest listed phrase wins, so tables put the likelier reading first.
  std::uint32_t best = UINT32_MAX;
  for (const auto* bucket : {&by_start, &by_end}) {
    for (const std::uint32_t index : *bucket) {
      if (index >= best) break;
      if (within_one_edit(word, fuzzy_phrases_[index].first)) best = index;
    }
  }
  return best == UINT32_MAX ? nullptr : &fuzzy_phrases_[best].second;
}

}  // namespace iotscope
