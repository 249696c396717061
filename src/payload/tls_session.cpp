#include "payload/tls_session.hpp"

#include "payload/cipher_suites.hpp"
#include "payload/der_certificate.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kHandshakeRecord = 0x16;

std::string grade_text(std::uint32_t suite) {
  const auto grade = grade_cipher_suite(suite);
  return grade ? std::string(to_string(*grade)) : std::string{};
}

}  // namespace

bool TlsSession::looks_like_tls(ByteSpan b) {
  if (b.size() >= 3 && b[0] == kHandshakeRecord && b[1] == 3 && b[2] <= 4) return true;
  // SSLv2 record header (2-byte length with the top bit set) carrying CLIENT-HELLO (1).
  return b.size() >= 3 && (b[0] & 0x80) != 0 && b[2] == tls_handshake_type::kSsl2ClientHello;
}

bool TlsSession::could_start_tls(ByteSpan b) {
  // Record content types change_cipher_spec (20) to application_data (23), version 3.x.
  constexpr std::uint8_t kFirstContentType = 20;
  constexpr std::uint8_t kLastContentType = 23;
  if (b.size() >= 2 && b[0] >= kFirstContentType && b[0] <= kLastContentType && b[1] == 3) {
    return true;
  }
  // An SSLv2 record: a 2-byte length with the top bit set, then a message type (0 to 8).
  constexpr std::uint8_t kLastSsl2Message = 8;
  if (b.size() >= 3 && (b[0] & 0x80) != 0 && b[2] <= kLastSsl2Message) return true;
  return b.size() < 3;
}

void TlsSession::feed(bool from_client, ByteSpan bytes) {
  TlsHandshakeScanner& scanner = from_client ? client_scanner_ : server_scanner_;
  if (scanner.stopped()) return;
  for (const auto& message : scanner.feed(bytes)) {
    const ByteSpan body(message.body);
    if (from_client && !client_hello_) {
      auto hello = message.sslv2 ? parse_sslv2_client_hello(body)
                                 : (message.type == tls_handshake_type::kClientHello
                                        ? parse_client_hello(body)
                                        : ParseResult<ClientHello>(ParseError{0, "ClientHello"}));
      if (hello) {
        client_hello_ = std::move(hello.value());
        hello_bytes_ += body.size();
      }
    } else if (!from_client && !server_hello_ &&
               (message.sslv2 || message.type == tls_handshake_type::kServerHello)) {
      auto hello = message.sslv2 ? parse_sslv2_server_hello(body) : parse_server_hello(body);
      if (hello) {
        if (!hello->sslv2_certificate.empty()) {
          const auto names = parse_certificate_names(hello->sslv2_certificate);
          if (names) self_signed_ = names->self_signed();
        }
        server_hello_ = std::move(hello.value());
        hello_bytes_ += body.size();
      }
    } else if (!from_client && message.type == tls_handshake_type::kCertificate && !self_signed_) {
      const auto certificates = parse_certificate_message(body);
      if (certificates && !certificates->first_certificate_der.empty()) {
        const auto names = parse_certificate_names(certificates->first_certificate_der);
        if (names) self_signed_ = names->self_signed();
      }
    }
  }
}

std::size_t TlsSession::buffered_bytes() const {
  return client_scanner_.buffered_bytes() + server_scanner_.buffered_bytes() + hello_bytes_;
}

bool TlsSession::done() const {
  const bool client_done = client_hello_.has_value() || client_scanner_.stopped();
  if (!client_done) return false;
  if (server_scanner_.stopped()) return true;
  if (!server_hello_) return false;
  // TLS 1.3 encrypts the certificate: nothing more to read after the ServerHello.
  return server_hello_->negotiated_version() >= tls_version::kTls13 || self_signed_.has_value();
}

std::optional<TlsFacts> TlsSession::facts() const {
  if (!client_hello_) return std::nullopt;
  TlsFacts facts;
  if (server_hello_) {
    facts.version = tls_version_name(server_hello_->negotiated_version());
    facts.cipher = cipher_suite_label(server_hello_->cipher_suite);
    facts.cipher_grade = grade_text(server_hello_->cipher_suite);
  }
  facts.self_signed = self_signed_;
  return facts;
}

std::map<std::string, std::string> TlsSession::fields() const {
  std::map<std::string, std::string> fields;
  if (!client_hello_) return fields;
  fields["offered_version"] = tls_version_name(client_hello_->highest_version());
  fields["offered_ciphers"] = std::to_string(client_hello_->cipher_suites.size());
  std::size_t insecure = 0;
  for (const auto suite : client_hello_->cipher_suites) {
    insecure += grade_cipher_suite(suite) == CipherGrade::insecure ? 1 : 0;
  }
  fields["offered_insecure_ciphers"] = std::to_string(insecure);
  if (!client_hello_->server_name.empty()) fields["server_name"] = client_hello_->server_name;
  const auto chosen = facts();
  fields["established"] = server_hello_ ? "true" : "false";
  if (chosen && !chosen->version.empty()) {
    fields["version"] = chosen->version;
    fields["cipher"] = chosen->cipher;
    fields["cipher_grade"] = chosen->cipher_grade;
  }
  if (self_signed_) fields["self_signed"] = *self_signed_ ? "true" : "false";
  return fields;
}

const std::string& TlsSession::server_name() const {
  static const std::string kNone;
  return client_hello_ ? client_hello_->server_name : kNone;
}

}  // namespace iotscope
