#pragma once
// Recognises a device type in free text, and knows the usual type of a vendor's devices.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "identify/phrase_matcher.hpp"
#include "model/enums.hpp"

namespace iotscope {

class TypeMatcher {
 public:
  TypeMatcher();
  // The one shared, immutable matcher, built on first use.
  static const TypeMatcher& instance();

  // The type named by the best keyword in `text`: exact before one-typo, longer phrase before
  // shorter, later in the text before earlier. nullopt when no keyword occurs.
  std::optional<DeviceType> find(std::string_view text) const;
  // The type most of `vendor`'s networked devices have (canonical name); nullopt for vendors
  // with mixed product lines (Amazon, Google, Samsung, TP-Link, ...).
  std::optional<DeviceType> default_for_vendor(std::string_view vendor) const;
  // The type a registry organisation implies ("Ring LLC" -> camera); nullopt for most.
  std::optional<DeviceType> find_organisation_hint(std::string_view organisation) const;

 private:
  explicit TypeMatcher(const std::vector<std::string>& phrase_texts);

  PhraseMatcher matcher_;
  PhraseMatcher organisation_hints_;
  std::unordered_map<std::string_view, DeviceType> vendor_defaults_;
};

}  // namespace iotscope
