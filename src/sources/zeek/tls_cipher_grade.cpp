#include "sources/zeek/tls_cipher_grade.hpp"

#include <array>

namespace iotscope {
namespace {

bool contains(std::string_view name, std::string_view part) {
  return name.find(part) != std::string_view::npos;
}

}  // namespace

// The rule of payload/cipher_suites.cpp (grade_cipher_suite), so Zeek input and pcap input grade
// alike; the sources stage does not link the payload stage, hence the copy.
std::string_view grade_tls_cipher(std::string_view name) {
  if (name.empty() || contains(name, "_SCSV")) return "";
  constexpr std::array<std::string_view, 10> kInsecureParts{"NULL",
                                                            "EXPORT",
                                                            "anon",
                                                            "RC4",
                                                            "RC2",
                                                            "DES",
                                                            "IDEA",
                                                            "MD5",
                                                            "TLS_SHA256_SHA256",
                                                            "TLS_SHA384_SHA384"};
  for (const std::string_view part : kInsecureParts)
    if (contains(name, part)) return "insecure";
  if (name.starts_with("TLS_AES_") || name.starts_with("TLS_CHACHA20_")) return "strong";
  const bool aead =
      contains(name, "_GCM") || contains(name, "_CCM") || contains(name, "CHACHA20_POLY1305");
  const bool forward_secret = contains(name, "_DHE_") || contains(name, "_ECDHE_");
  return aead && forward_secret ? "strong" : "weak";
}

std::optional<bool> self_signed_from_validation(std::string_view status) {
  if (status == "ok") return false;
  if (status.starts_with("self signed certificate")) return true;
  return std::nullopt;
}

}  // namespace iotscope
