#pragma once
// Reads the first three bytes of a MAC address (the IEEE assignment) from the spellings found in
// datasets and captures.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

// Accepts "A4CF12", "a4:cf:12", "A4-CF-12", "a4cf12345678" and whole MACs in ':' or '-' style
// (surrounding blanks are ignored). Anything else, including mixed separators, is nullopt.
std::optional<std::uint32_t> parse_oui_prefix(std::string_view oui_or_mac);

// Six upper-case hex digits, the DeviceRecord::oui spelling.
std::string format_oui(std::uint32_t prefix);

}  // namespace iotscope
