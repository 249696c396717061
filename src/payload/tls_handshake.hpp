#pragma once
// TLS / SSL handshake messages in the clear: ClientHello (also the SSLv2-format one),
// ServerHello (also SSLv2's) and the TLS <= 1.2 Certificate message. Each parser takes one
// handshake message body (after the 4-byte type/length header; for SSLv2 after the 2- or
// 3-byte record header), as TlsHandshakeScanner yields them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

namespace tls_version {
inline constexpr std::uint16_t kSsl2 = 0x0002;
inline constexpr std::uint16_t kSsl3 = 0x0300;
inline constexpr std::uint16_t kTls10 = 0x0301;
inline constexpr std::uint16_t kTls11 = 0x0302;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;
}  // namespace tls_version

namespace tls_handshake_type {
inline constexpr std::uint8_t kClientHello = 1;
inline constexpr std::uint8_t kServerHello = 2;
inline constexpr std::uint8_t kCertificate = 11;
// SSLv2 message types (in the first byte after the SSLv2 record header).
inline constexpr std::uint8_t kSsl2ClientHello = 1;
inline constexpr std::uint8_t kSsl2ServerHello = 4;
}  // namespace tls_handshake_type

// Zeek's ssl.log spelling: "SSLv2", "SSLv3", "TLSv10" ... "TLSv13", "DTLSv10", "DTLSv12",
// "TLSv13-draft<N>", else "unknown-<decimal>".
std::string tls_version_name(std::uint16_t version);

struct ClientHello {
  std::uint16_t legacy_version = 0;  // client_version field (SSLv2 format: its version field)
  std::vector<std::uint16_t> supported_versions;  // extension 43, GREASE removed
  std::vector<std::uint32_t> cipher_suites;       // offered, in order; SSLv2 kinds are 24-bit
  std::string server_name;                        // SNI host_name, empty when absent
  std::vector<std::string> alpn;                  // extension 16 protocol names
  bool sslv2_format = false;                      // sent as an SSLv2 record

  // The highest version offered: the supported_versions maximum, else legacy_version.
  std::uint16_t highest_version() const;
};

struct ServerHello {
  std::uint16_t legacy_version = 0;
  std::optional<std::uint16_t> selected_version;  // supported_versions extension (TLS 1.3)
  std::uint32_t cipher_suite = 0;                 // SSLv2: the first kind the server offers
  bool sslv2_format = false;
  // SSLv2 ServerHello carries the server certificate inline.
  std::vector<std::uint8_t> sslv2_certificate;

  std::uint16_t negotiated_version() const { return selected_version.value_or(legacy_version); }
};

struct CertificateMessage {
  std::size_t certificate_count = 0;
  std::vector<std::uint8_t> first_certificate_der;  // the server's own (leaf) certificate
};

ParseResult<ClientHello> parse_client_hello(ByteSpan body);
ParseResult<ServerHello> parse_server_hello(ByteSpan body);
// TLS <= 1.2 only: in TLS 1.3 the Certificate message is encrypted.
ParseResult<CertificateMessage> parse_certificate_message(ByteSpan body);
// body starts at the SSLv2 message type byte (1 = CLIENT-HELLO).
ParseResult<ClientHello> parse_sslv2_client_hello(ByteSpan body);
// body starts at the SSLv2 message type byte (4 = SERVER-HELLO).
ParseResult<ServerHello> parse_sslv2_server_hello(ByteSpan body);

}  // namespace iotscope
