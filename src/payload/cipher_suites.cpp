#include "payload/cipher_suites.hpp"

#include <algorithm>
#include <array>

#include "payload/cipher_suite_table.hpp"

namespace iotscope {
namespace {

// SSLv2 cipher kinds are three bytes wide (RFC draft-hickman-netscape-ssl-00).
struct Sslv2Entry {
  std::uint32_t code;
  std::string_view name;
};
constexpr std::array<Sslv2Entry, 7> kSslv2Kinds = {{
    {0x010080, "SSLv20_CK_RC4_128_WITH_MD5"},
    {0x020080, "SSLv20_CK_RC4_128_EXPORT40_WITH_MD5"},
    {0x030080, "SSLv20_CK_RC2_128_CBC_WITH_MD5"},
    {0x040080, "SSLv20_CK_RC2_128_CBC_EXPORT40_WITH_MD5"},
    {0x050080, "SSLv20_CK_IDEA_128_CBC_WITH_MD5"},
    {0x060040, "SSLv20_CK_DES_64_CBC_WITH_MD5"},
    {0x0700C0, "SSLv20_CK_DES_192_EDE3_CBC_WITH_MD5"},
}};

bool contains(std::string_view name, std::string_view part) {
  return name.find(part) != std::string_view::npos;
}

// TLS 1.3 suites name only the AEAD and hash: TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_...
bool is_tls13_suite(std::string_view name) {
  return name.starts_with("TLS_AES_") || name.starts_with("TLS_CHACHA20_");
}

}  // namespace

std::string_view to_string(CipherGrade grade) {
  switch (grade) {
    case CipherGrade::strong:
      return "strong";
    case CipherGrade::weak:
      return "weak";
    case CipherGrade::insecure:
      return "insecure";
  }
  return "unknown";
}

std::string_view cipher_suite_name(std::uint32_t code) {
  if (code > 0xFFFF) {
    const auto* found = std::find_if(kSslv2Kinds.begin(), kSslv2Kinds.end(),
                                     [code](const Sslv2Entry& e) { return e.code == code; });
    return found == kSslv2Kinds.end() ? std::string_view{} : found->name;
  }
  const auto* found = std::lower_bound(
      kCipherSuiteTable.begin(), kCipherSuiteTable.end(), code,
      [](const CipherSuiteEntry& entry, std::uint32_t wanted) { return entry.code < wanted; });
  if (found == kCipherSuiteTable.end() || found->code != code) return {};
  return found->name;
}

std::string cipher_suite_label(std::uint32_t code) {
  const std::string_view name = cipher_suite_name(code);
  return name.empty() ? "unknown-" + std::to_string(code) : std::string(name);
}

// The grading rule, applied to the name's parts in this order:
//  1. insecure: no encryption or no authentication or a broken primitive: NULL, EXPORT
//     (40/56-bit keys), anon (no server authentication), RC4, RC2, DES / 3DES / IDEA (56-bit
//     keys or 64-bit blocks, Sweet32), or MD5 as the MAC; also the integrity-only TLS 1.3
//     suites TLS_SHA256_SHA256 / TLS_SHA384_SHA384.
//  2. strong: an AEAD cipher (GCM, CCM, ChaCha20-Poly1305) with forward-secret key exchange
//     ((EC)DHE, including the PSK variants), or any TLS 1.3 suite (TLS 1.3 always uses
//     (EC)DHE or PSK-(EC)DHE in practice and only AEAD ciphers).
//  3. weak: everything else that is a real cipher: CBC modes (SHA-1 or SHA-2 MAC), static RSA /
//     DH / ECDH / PSK / SRP / KRB5 key exchange without forward secrecy, non-mainstream ciphers.
//  Signalling values (..._SCSV) are no ciphers and get no grade.
std::optional<CipherGrade> grade_cipher_suite(std::string_view name) {
  if (name.empty() || contains(name, "_SCSV")) return std::nullopt;
  constexpr std::array<std::string_view, 10> kInsecureParts = {"NULL",
                                                               "EXPORT",
                                                               "anon",
                                                               "RC4",
                                                               "RC2",
                                                               "DES",
                                                               "IDEA",
                                                               "MD5",
                                                               "TLS_SHA256_SHA256",
                                                               "TLS_SHA384_SHA384"};
  for (const std::string_view part : kInsecureParts) {
    if (contains(name, part)) return CipherGrade::insecure;
  }
  if (is_tls13_suite(name)) return CipherGrade::strong;
  const bool aead =
      contains(name, "_GCM") || contains(name, "_CCM") || contains(name, "CHACHA20_POLY1305");
  const bool forward_secret = contains(name, "_DHE_") || contains(name, "_ECDHE_");
  if (aead && forward_secret) return CipherGrade::strong;
  return CipherGrade::weak;
}

std::optional<CipherGrade> grade_cipher_suite(std::uint32_t code) {
  return grade_cipher_suite(cipher_suite_name(code));
}

}  // namespace iotscope
