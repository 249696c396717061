#pragma once
// The canonical vendor names iotscope reports, and the spellings that lead to them: brands and
// product lines count as their owner (Ring, Echo, Fire TV -> Amazon; Nest, Chromecast -> Google;
// Hue, Signify -> Philips; Kasa -> TP-Link; Wemo -> Belkin; Harmony -> Logitech).
#include <cstdint>
#include <span>
#include <string_view>

namespace iotscope {

// Where a spelling may be trusted. Brand and product words ("Echo", "Ring", "Galaxy", "Sky")
// name a vendor in what users type, but inside registry organisations they are other companies
// ("EchoStar", "Ring Solutions", "Galaxy Technology Limited").
enum class SpellingUse : std::uint8_t { anywhere, user_text };

struct VendorSpelling {
  std::string_view vendor;    // canonical name, as reported
  std::string_view spelling;  // matched like the text: case, punctuation and spacing are free
  SpellingUse use = SpellingUse::anywhere;
  bool fuzzy = true;  // false for real words one typo away from something else
};

// Every canonical vendor appears with its own name as a spelling.
std::span<const VendorSpelling> vendor_spellings();

// Words never corrected towards a vendor: corporate and geographic filler of registry names
// ("Technologies", "Shenzhen") and real names one typo away from a vendor ("Sonus", "Harris").
std::span<const std::string_view> vendor_noise_words();

}  // namespace iotscope
