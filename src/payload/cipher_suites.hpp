#pragma once
// TLS cipher suite names (Zeek's ssl.log spelling) and a three-level strength grade.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

enum class CipherGrade : std::uint8_t { strong, weak, insecure };

std::string_view to_string(CipherGrade grade);

// IANA name of a TLS suite (16-bit code) or of an SSLv2 cipher kind (24-bit code); empty when
// the code is not registered.
std::string_view cipher_suite_name(std::uint32_t code);
// The name, or "unknown-<decimal code>" as Zeek writes unregistered codes.
std::string cipher_suite_label(std::uint32_t code);

// Grade by the suite's name. nullopt for signalling values (SCSV) and unknown names.
std::optional<CipherGrade> grade_cipher_suite(std::string_view name);
std::optional<CipherGrade> grade_cipher_suite(std::uint32_t code);

// RFC 8701 GREASE values (0x?A?A) that clients offer only to keep servers tolerant.
constexpr bool is_grease(std::uint32_t code) {
  return code <= 0xFFFF && (code & 0x0F0F) == 0x0A0A && (code >> 8) == (code & 0xFF);
}

}  // namespace iotscope
