#include "identify/oui_registry.hpp"

#include <fstream>
#include <sstream>

#include "identify/mac_prefix.hpp"
#include "identify/oui_csv.hpp"

namespace iotscope {
namespace {

std::string read_whole_file(const std::string& path, bool& opened) {
  std::ifstream in(path, std::ios::binary);
  opened = static_cast<bool>(in);
  if (!opened) return {};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

}  // namespace

OuiRegistry OuiRegistry::load(const std::string& path) {
  OuiRegistry registry;
  bool opened = false;
  const std::string text = read_whole_file(path, opened);
  if (!opened) return registry;
  OuiCsvContents contents = parse_oui_csv(text);
  registry.by_prefix_.reserve(contents.entries.size());
  // The registry lists a few assignments twice; the first listing is kept.
  for (OuiCsvEntry& entry : contents.entries) {
    registry.by_prefix_.try_emplace(entry.prefix, std::move(entry.organisation));
  }
  return registry;
}

std::string_view OuiRegistry::organisation(std::string_view oui_or_mac) const {
  const auto prefix = parse_oui_prefix(oui_or_mac);
  if (!prefix) return {};
  const auto found = by_prefix_.find(*prefix);
  if (found == by_prefix_.end()) return {};
  return found->second;
}

}  // namespace iotscope
