#pragma once
// Recognises a canonical vendor in free text (user labels, DHCP names, registry organisations).
#include <string>
#include <string_view>
#include <vector>

#include "identify/phrase_matcher.hpp"

namespace iotscope {

class VendorMatcher {
 public:
  VendorMatcher();
  // The one shared, immutable matcher, built on first use.
  static const VendorMatcher& instance();

  // The canonical vendor of the earliest vendor spelling in `text` (exact spellings before
  // one-typo spellings); empty when none. The view points into static storage.
  std::string_view find(std::string_view text) const;
  std::string_view find(const TokenizedText& words) const;

  // The vendor of an IEEE registry organisation: company spellings only, exact, case changes
  // kept ("Amazon Technologies Inc." -> "Amazon", "Ring LLC" -> "Amazon", "EchoStar Global B.V."
  // and "Sonus Networks" -> empty).
  std::string_view find_organisation(std::string_view organisation) const;

 private:
  std::vector<std::string_view> vendors_;  // indexed by PhraseEntry::value
  PhraseMatcher text_matcher_;
  PhraseMatcher organisation_matcher_;
};

// normalize_vendor's strict sibling for registry organisations; see find_organisation.
std::string normalize_organisation(std::string_view organisation);

}  // namespace iotscope
