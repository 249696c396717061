#pragma once
// Reading the text fields of Observations (docs/observations.md lists kinds and fields).
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/observation.hpp"

namespace iotscope {

inline std::string_view field_text(const Observation& o, const std::string& name) {
  const auto it = o.fields.find(name);
  return it == o.fields.end() ? std::string_view{} : std::string_view{it->second};
}

// The unsigned number in field `name`; 0 when absent or not a number.
inline std::uint64_t field_count(const Observation& o, const std::string& name) {
  const std::string_view text = field_text(o, name);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() ? value : 0;
}

inline double field_number(const Observation& o, const std::string& name, double fallback) {
  const std::string_view text = field_text(o, name);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() ? value : fallback;
}

inline bool field_flag(const Observation& o, const std::string& name) {
  const std::string_view text = field_text(o, name);
  return text == "true" || text == "T" || text == "1";
}

}  // namespace iotscope
