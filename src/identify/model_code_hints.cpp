#include "identify/model_code_hints.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "util/text.hpp"

namespace iotscope {
namespace {

enum class Tail : std::uint8_t { digits, hex };

struct ModelCode {
  std::string_view prefix;  // lower case
  Tail tail;
  std::size_t min_tail;
  std::size_t max_tail;
  ModelCodeHint hint;
};

using enum DeviceType;

constexpr auto kCodes = std::to_array<ModelCode>({
    {"npi", Tail::hex, 6, 6, {"HP", printer}},         // HP printers: NPI + last MAC bytes
    {"hp", Tail::hex, 6, 6, {"HP", printer}},          // newer HP printers
    {"brn", Tail::hex, 12, 12, {"Brother", printer}},  // Brother, wired
    {"brw", Tail::hex, 12, 12, {"Brother", printer}},  // Brother, wireless
    {"epson", Tail::hex, 6, 6, {"Epson", printer}},
    {"hs", Tail::digits, 3, 3, {"TP-Link", plug_switch}},  // Kasa HS100..HS300
    {"kp", Tail::digits, 3, 3, {"TP-Link", plug_switch}},  // Kasa KP115, KP303, KP400
    {"ep", Tail::digits, 2, 2, {"TP-Link", plug_switch}},  // Kasa EP10, EP25
    {"kl", Tail::digits, 2, 3, {"TP-Link", light}},        // Kasa KL110, KL130
    {"lb", Tail::digits, 3, 3, {"TP-Link", light}},        // TP-Link LB100..LB130
    {"kc", Tail::digits, 3, 3, {"TP-Link", camera}},       // Kasa KC120
});

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}
bool tail_fits(std::string_view tail, const ModelCode& code) {
  if (tail.size() < code.min_tail || tail.size() > code.max_tail) return false;
  const auto fits = code.tail == Tail::digits ? is_ascii_digit : is_hex;
  return std::all_of(tail.begin(), tail.end(), fits);
}

std::optional<ModelCodeHint> hint_for_word(std::string_view word) {
  for (const ModelCode& code : kCodes) {
    if (word.starts_with(code.prefix) && tail_fits(word.substr(code.prefix.size()), code)) {
      return code.hint;
    }
  }
  return std::nullopt;
}

// "ESP_3F2A1B" / "esp-3f2a1b": the ESP8266/ESP32 SDK's default host name.
bool is_espressif_default(const TokenizedText& words, std::size_t index) {
  if (words.word(index) != "esp" || index + 1 >= words.size()) return false;
  const std::string_view tail = words.word(index + 1);
  return tail.size() == 6 && std::all_of(tail.begin(), tail.end(), is_hex);
}

}  // namespace

std::optional<ModelCodeHint> model_code_hint(const TokenizedText& words) {
  for (std::size_t index = 0; index < words.size(); ++index) {
    if (auto hint = hint_for_word(words.word(index))) return hint;
    if (is_espressif_default(words, index)) return ModelCodeHint{"Espressif", unknown};
  }
  return std::nullopt;
}

std::optional<ModelCodeHint> model_code_hint(std::string_view name) {
  if (name.empty()) return std::nullopt;
  return model_code_hint(TokenizedText(name));
}

}  // namespace iotscope
