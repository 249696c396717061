#pragma once
// Standard base64 (RFC 4648 section 4) as HTTP Basic credentials use it.
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

// nullopt when text holds a byte outside the alphabet or misplaced padding.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace iotscope
