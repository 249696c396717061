#pragma once
// The IEEE MA-L registry (Debian package ieee-data): first three MAC bytes -> organisation.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace iotscope {

inline constexpr const char* kDefaultOuiPath = "/usr/share/ieee-data/oui.csv";

class OuiRegistry {
 public:
  // Loads the registry's CSV; an empty registry when the file is missing (the caller warns).
  static OuiRegistry load(const std::string& path = kDefaultOuiPath);
  // `oui_or_mac`: "A4CF12", "a4:cf:12", "a4-cf-12-…", or a whole MAC. Empty when unknown.
  std::string_view organisation(std::string_view oui_or_mac) const;
  std::size_t size() const { return by_prefix_.size(); }

 private:
  std::unordered_map<std::uint32_t, std::string> by_prefix_;
};

}  // namespace iotscope
