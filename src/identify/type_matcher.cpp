#include "identify/type_matcher.hpp"

#include "identify/type_table.hpp"

namespace iotscope {
namespace {

// "plugs", "switches", "cameras": labels often name the kind in the plural.
std::string plural(std::string_view phrase) {
  std::string text(phrase);
  if (text.ends_with('s')) return {};
  if (text.ends_with("ch") || text.ends_with("sh") || text.ends_with('x')) return text + "es";
  return text + "s";
}

// Every keyword followed by its plural (empty when it has none); the matcher copies what it
// needs, so the texts only live through construction.
std::vector<std::string> keyword_texts() {
  std::vector<std::string> texts;
  for (const TypeKeyword& keyword : type_keywords()) {
    texts.emplace_back(keyword.phrase);
    texts.push_back(plural(keyword.phrase));
  }
  return texts;
}

std::vector<PhraseEntry> keyword_phrases(const std::vector<std::string>& texts) {
  std::vector<PhraseEntry> phrases;
  const auto keywords = type_keywords();
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    const auto value = static_cast<std::uint16_t>(keywords[i].type);
    phrases.push_back({texts[2 * i], value, keywords[i].fuzzy});
    if (!texts[2 * i + 1].empty()) phrases.push_back({texts[2 * i + 1], value, keywords[i].fuzzy});
  }
  return phrases;
}

std::vector<PhraseEntry> organisation_phrases() {
  std::vector<PhraseEntry> phrases;
  for (const TypeKeyword& hint : organisation_type_hints()) {
    phrases.push_back({hint.phrase, static_cast<std::uint16_t>(hint.type), false});
  }
  return phrases;
}

bool better_type_match(const PhraseMatch& candidate, const std::optional<PhraseMatch>& best) {
  if (!best) return true;
  if (candidate.phrase_words != best->phrase_words) {
    return candidate.phrase_words > best->phrase_words;
  }
  return candidate.first_word >= best->first_word;
}

}  // namespace

TypeMatcher::TypeMatcher() : TypeMatcher(keyword_texts()) {}

TypeMatcher::TypeMatcher(const std::vector<std::string>& phrase_texts)
    : matcher_(keyword_phrases(phrase_texts)), organisation_hints_(organisation_phrases()) {
  for (const VendorDefaultType& entry : vendor_default_types()) {
    vendor_defaults_.emplace(entry.vendor, entry.type);
  }
}

const TypeMatcher& TypeMatcher::instance() {
  static const TypeMatcher matcher;
  return matcher;
}

std::optional<DeviceType> TypeMatcher::find(std::string_view text) const {
  if (text.empty()) return std::nullopt;
  const TokenizedText words(text);
  std::optional<PhraseMatch> best;
  const auto keep_best = [&best](const PhraseMatch& match) {
    if (better_type_match(match, best)) best = match;
  };
  matcher_.for_each_exact(words, keep_best);
  if (!best) matcher_.for_each_fuzzy(words, keep_best);
  if (!best) return std::nullopt;
  return static_cast<DeviceType>(best->value);
}

std::optional<DeviceType> TypeMatcher::default_for_vendor(std::string_view vendor) const {
  const auto found = vendor_defaults_.find(vendor);
  if (found == vendor_defaults_.end()) return std::nullopt;
  return found->second;
}

std::optional<DeviceType> TypeMatcher::find_organisation_hint(std::string_view organisation) const {
  if (organisation.empty()) return std::nullopt;
  const TokenizedText words(organisation, TokenizedText::CaseSplit::keep);
  std::optional<DeviceType> found;
  organisation_hints_.for_each_exact(words, [&found](const PhraseMatch& match) {
    if (!found) found = static_cast<DeviceType>(match.value);
  });
  return found;
}

}  // namespace iotscope
