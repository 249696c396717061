#pragma once
// Default DHCP host names that are model numbers or factory codes rather than words: "HS105"
// (a Kasa plug), "NPI1A2B3C" (an HP printer), "BRN001BA9123456" (a Brother printer),
// "ESP_3F2A1B" (an Espressif module).
#include <optional>
#include <string_view>

#include "identify/tokenized_text.hpp"
#include "model/enums.hpp"

namespace iotscope {

struct ModelCodeHint {
  std::string_view vendor;  // canonical vendor
  DeviceType type = DeviceType::unknown;
};

std::optional<ModelCodeHint> model_code_hint(const TokenizedText& words);
std::optional<ModelCodeHint> model_code_hint(std::string_view name);

}  // namespace iotscope
