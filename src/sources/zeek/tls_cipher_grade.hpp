#pragma once
// Grades a TLS cipher suite by its IANA name and reads validate-certs' outcome.
#include <optional>
#include <string>
#include <string_view>

namespace iotscope {

// "insecure" (NULL, EXPORT, anon, RC4, RC2, DES/3DES, IDEA, MD5), "strong" (TLS 1.3 suites, or
// AEAD with (EC)DHE) or "weak" (the rest: CBC, static RSA key exchange); "" for an empty name or
// a signalling value. The same rule as payload/cipher_suites.hpp's grade_cipher_suite.
std::string_view grade_tls_cipher(std::string_view iana_name);

// validate-certs' validation_status as TlsFacts::self_signed: true for the self-signed
// outcomes, false for "ok", unknown otherwise.
std::optional<bool> self_signed_from_validation(std::string_view status);

}  // namespace iotscope
