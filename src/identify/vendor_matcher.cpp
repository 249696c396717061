#include "identify/vendor_matcher.hpp"

#include <algorithm>
#include <optional>

#include "identify/device_identifier.hpp"
#include "identify/vendor_table.hpp"

namespace iotscope {
namespace {

std::vector<std::string_view> canonical_vendors() {
  std::vector<std::string_view> vendors;
  for (const VendorSpelling& spelling : vendor_spellings()) {
    if (std::find(vendors.begin(), vendors.end(), spelling.vendor) == vendors.end()) {
      vendors.push_back(spelling.vendor);
    }
  }
  return vendors;
}

std::vector<PhraseEntry> vendor_phrases(const std::vector<std::string_view>& vendors,
                                        bool organisations_only) {
  std::vector<PhraseEntry> phrases;
  for (const VendorSpelling& spelling : vendor_spellings()) {
    if (organisations_only && spelling.use != SpellingUse::anywhere) continue;
    const auto index = std::find(vendors.begin(), vendors.end(), spelling.vendor) - vendors.begin();
    phrases.push_back({spelling.spelling, static_cast<std::uint16_t>(index), spelling.fuzzy});
  }
  return phrases;
}

// Earlier in the text wins ("Philips Hue by Signify"); at the same place, the longer phrase.
bool better_vendor_match(const PhraseMatch& candidate, const std::optional<PhraseMatch>& best) {
  if (!best) return true;
  if (candidate.first_word != best->first_word) return candidate.first_word < best->first_word;
  return candidate.phrase_words > best->phrase_words;
}

}  // namespace

VendorMatcher::VendorMatcher()
    : vendors_(canonical_vendors()),
      text_matcher_(vendor_phrases(vendors_, false), vendor_noise_words()),
      organisation_matcher_(vendor_phrases(vendors_, true)) {}

const VendorMatcher& VendorMatcher::instance() {
  static const VendorMatcher matcher;
  return matcher;
}

std::string_view VendorMatcher::find(std::string_view text) const {
  if (text.empty()) return {};
  return find(TokenizedText(text));
}

std::string_view VendorMatcher::find(const TokenizedText& words) const {
  std::optional<PhraseMatch> best;
  const auto keep_best = [&best](const PhraseMatch& match) {
    if (better_vendor_match(match, best)) best = match;
  };
  text_matcher_.for_each_exact(words, keep_best);
  if (!best) text_matcher_.for_each_fuzzy(words, keep_best);
  return best ? vendors_[best->value] : std::string_view{};
}

std::string_view VendorMatcher::find_organisation(std::string_view organisation) const {
  if (organisation.empty()) return {};
  const TokenizedText words(organisation, TokenizedText::CaseSplit::keep);
  std::optional<PhraseMatch> best;
  organisation_matcher_.for_each_exact(words, [&best](const PhraseMatch& match) {
    if (better_vendor_match(match, best)) best = match;
  });
  return best ? vendors_[best->value] : std::string_view{};
}

std::string normalize_vendor(std::string_view noisy) {
  return std::string(VendorMatcher::instance().find(noisy));
}

std::string normalize_organisation(std::string_view organisation) {
  return std::string(VendorMatcher::instance().find_organisation(organisation));
}

}  // namespace iotscope
