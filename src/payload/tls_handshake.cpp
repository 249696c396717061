#include "payload/tls_handshake.hpp"

#include <algorithm>

#include "payload/cipher_suites.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kExtServerName = 0;
constexpr std::uint16_t kExtAlpn = 16;
constexpr std::uint16_t kExtSupportedVersions = 43;
constexpr std::uint8_t kSniHostName = 0;

// The SNI extension: a list of (type, name) entries; only host_name entries exist in practice.
std::optional<ParseError> read_server_name(ByteReader reader, ClientHello& hello) {
  const auto list_length = reader.u16();
  if (!list_length) return reader.error("server_name list length");
  auto list = reader.sub_reader(*list_length);
  if (!list) return reader.error("server_name list of " + std::to_string(*list_length) + " bytes");
  while (!list->empty()) {
    const auto type = list->u8();
    const auto length = list->u16();
    if (!type || !length) return list->error("server_name entry type and length");
    const auto name = list->take(*length);
    if (!name) return list->error("server_name of " + std::to_string(*length) + " bytes");
    if (*type == kSniHostName && hello.server_name.empty()) hello.server_name = as_text(*name);
  }
  return std::nullopt;
}

std::optional<ParseError> read_alpn(ByteReader reader, std::vector<std::string>& protocols) {
  const auto list_length = reader.u16();
  if (!list_length) return reader.error("ALPN list length");
  auto list = reader.sub_reader(*list_length);
  if (!list) return reader.error("ALPN list of " + std::to_string(*list_length) + " bytes");
  while (!list->empty()) {
    const auto length = list->u8();
    if (!length) return list->error("ALPN protocol length");
    const auto name = list->take(*length);
    if (!name) return list->error("ALPN protocol of " + std::to_string(*length) + " bytes");
    protocols.emplace_back(as_text(*name));
  }
  return std::nullopt;
}

std::optional<ParseError> read_client_versions(ByteReader reader, std::vector<std::uint16_t>& out) {
  const auto length = reader.u8();
  if (!length) return reader.error("supported_versions list length");
  auto list = reader.sub_reader(*length);
  if (!list)
    return reader.error("supported_versions list of " + std::to_string(*length) + " bytes");
  while (list->remaining() >= 2) {
    const std::uint16_t version = *list->u16();
    if (!is_grease(version)) out.push_back(version);
  }
  return std::nullopt;
}

// Walks the extensions block, handing each (type, body) to visit, which may return an error.
template <class Visit>
std::optional<ParseError> for_each_extension(ByteReader& reader, Visit visit) {
  if (reader.empty()) return std::nullopt;  // extensions are optional before TLS 1.2
  const auto total = reader.u16();
  if (!total) return reader.error("extensions length");
  auto block = reader.sub_reader(*total);
  if (!block) return reader.error("extensions block of " + std::to_string(*total) + " bytes");
  while (!block->empty()) {
    const auto type = block->u16();
    const auto length = block->u16();
    if (!type || !length) return block->error("extension type and length");
    auto body = block->sub_reader(*length);
    if (!body) return block->error("extension body of " + std::to_string(*length) + " bytes");
    if (auto failure = visit(*type, *body)) return failure;
  }
  return std::nullopt;
}

}  // namespace

std::string tls_version_name(std::uint16_t version) {
  switch (version) {
    case tls_version::kSsl2:
      return "SSLv2";
    case tls_version::kSsl3:
      return "SSLv3";
    case tls_version::kTls10:
      return "TLSv10";
    case tls_version::kTls11:
      return "TLSv11";
    case tls_version::kTls12:
      return "TLSv12";
    case tls_version::kTls13:
      return "TLSv13";
    case 0xFEFF:
      return "DTLSv10";
    case 0xFEFD:
      return "DTLSv12";
    case 0xFEFC:
      return "DTLSv13";
    default:
      break;
  }
  if ((version >> 8) == 0x7F) return "TLSv13-draft" + std::to_string(version & 0xFF);
  return "unknown-" + std::to_string(version);
}

std::uint16_t ClientHello::highest_version() const {
  if (supported_versions.empty()) return legacy_version;
  return *std::max_element(supported_versions.begin(), supported_versions.end());
}

// ClientHello: version(2) random(32) session_id<0..32> cipher_suites<2..2^16-2>
//              compression_methods<1..2^8-1> extensions<0..2^16-1>
ParseResult<ClientHello> parse_client_hello(ByteSpan body) {
  ByteReader reader(body);
  ClientHello hello;
  const auto version = reader.u16();
  if (!version) return reader.error("ClientHello version");
  hello.legacy_version = *version;
  if (!reader.skip(32)) return reader.error("32-byte ClientHello random");
  const auto session_length = reader.u8();
  if (!session_length || !reader.skip(*session_length)) return reader.error("session id");
  const auto suites_length = reader.u16();
  if (!suites_length) return reader.error("cipher suites length");
  auto suites = reader.sub_reader(*suites_length);
  if (!suites) return reader.error("cipher suites of " + std::to_string(*suites_length) + " bytes");
  hello.cipher_suites.reserve(*suites_length / 2);
  while (suites->remaining() >= 2) {
    const std::uint16_t suite = *suites->u16();
    if (!is_grease(suite)) hello.cipher_suites.push_back(suite);
  }
  const auto compression_length = reader.u8();
  if (!compression_length || !reader.skip(*compression_length)) {
    return reader.error("compression methods");
  }
  const auto failure = for_each_extension(
      reader, [&hello](std::uint16_t type, ByteReader& ext) -> std::optional<ParseError> {
        switch (type) {
          case kExtServerName:
            return read_server_name(ext, hello);
          case kExtAlpn:
            return read_alpn(ext, hello.alpn);
          case kExtSupportedVersions:
            return read_client_versions(ext, hello.supported_versions);
          default:
            return std::nullopt;
        }
      });
  if (failure) return *failure;
  return hello;
}

// ServerHello: version(2) random(32) session_id<0..32> cipher_suite(2) compression(1) extensions
ParseResult<ServerHello> parse_server_hello(ByteSpan body) {
  ByteReader reader(body);
  ServerHello hello;
  const auto version = reader.u16();
  if (!version) return reader.error("ServerHello version");
  hello.legacy_version = *version;
  if (!reader.skip(32)) return reader.error("32-byte ServerHello random");
  const auto session_length = reader.u8();
  if (!session_length || !reader.skip(*session_length)) return reader.error("session id");
  const auto suite = reader.u16();
  if (!suite) return reader.error("chosen cipher suite");
  hello.cipher_suite = *suite;
  if (!reader.skip(1)) return reader.error("compression method");
  const auto failure = for_each_extension(
      reader, [&hello](std::uint16_t type, ByteReader& ext) -> std::optional<ParseError> {
        if (type != kExtSupportedVersions) return std::nullopt;
        const auto selected = ext.u16();
        if (!selected) return ext.error("selected version");
        hello.selected_version = *selected;
        return std::nullopt;
      });
  if (failure) return *failure;
  return hello;
}

// Certificate (TLS <= 1.2): certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>
ParseResult<CertificateMessage> parse_certificate_message(ByteSpan body) {
  ByteReader reader(body);
  const auto list_length = reader.u24();
  if (!list_length) return reader.error("certificate list length");
  auto list = reader.sub_reader(*list_length);
  if (!list) return reader.error("certificate list of " + std::to_string(*list_length) + " bytes");
  CertificateMessage message;
  while (!list->empty()) {
    const auto length = list->u24();
    if (!length) return list->error("certificate length");
    const auto der = list->take(*length);
    if (!der) return list->error("certificate of " + std::to_string(*length) + " bytes");
    if (message.certificate_count == 0)
      message.first_certificate_der.assign(der->begin(), der->end());
    ++message.certificate_count;
  }
  return message;
}

// SSLv2 CLIENT-HELLO: type(1)=1 version(2) cipher_specs_length(2) session_id_length(2)
// challenge_length(2) cipher_specs session_id challenge. SSLv3/TLS clients send this format for
// compatibility with a higher version number.
ParseResult<ClientHello> parse_sslv2_client_hello(ByteSpan body) {
  ByteReader reader(body);
  const auto type = reader.u8();
  if (!type || *type != tls_handshake_type::kSsl2ClientHello) {
    return ParseError{0, "SSLv2 CLIENT-HELLO message type 1"};
  }
  const auto version = reader.u16();
  const auto specs_length = reader.u16();
  const auto session_length = reader.u16();
  const auto challenge_length = reader.u16();
  if (!version || !specs_length || !session_length || !challenge_length) {
    return reader.error("SSLv2 CLIENT-HELLO header");
  }
  if (*specs_length % 3 != 0) return ParseError{3, "cipher specs length divisible by 3"};
  auto specs = reader.sub_reader(*specs_length);
  if (!specs) return reader.error("cipher specs of " + std::to_string(*specs_length) + " bytes");
  if (!reader.skip(*session_length) || !reader.skip(*challenge_length)) {
    return reader.error("session id and challenge");
  }
  ClientHello hello;
  hello.legacy_version = *version;
  hello.sslv2_format = true;
  while (specs->remaining() >= 3) {
    const std::uint32_t kind = *specs->u24();
    // A 24-bit kind 0x00XXXX is the TLS suite XXXX offered through the SSLv2 format.
    if (!is_grease(kind)) hello.cipher_suites.push_back(kind);
  }
  return hello;
}

// SSLv2 SERVER-HELLO: type(1)=4 session_id_hit(1) certificate_type(1) version(2)
// certificate_length(2) cipher_specs_length(2) connection_id_length(2) certificate cipher_specs
// connection_id
ParseResult<ServerHello> parse_sslv2_server_hello(ByteSpan body) {
  ByteReader reader(body);
  const auto type = reader.u8();
  if (!type || *type != tls_handshake_type::kSsl2ServerHello) {
    return ParseError{0, "SSLv2 SERVER-HELLO message type 4"};
  }
  if (!reader.skip(2)) return reader.error("session id hit and certificate type");
  const auto version = reader.u16();
  const auto certificate_length = reader.u16();
  const auto specs_length = reader.u16();
  const auto connection_id_length = reader.u16();
  if (!version || !certificate_length || !specs_length || !connection_id_length) {
    return reader.error("SSLv2 SERVER-HELLO header");
  }
  const auto certificate = reader.take(*certificate_length);
  if (!certificate)
    return reader.error("certificate of " + std::to_string(*certificate_length) + " bytes");
  auto specs = reader.sub_reader(*specs_length);
  if (!specs || *specs_length < 3) return reader.error("at least one 3-byte cipher spec");
  ServerHello hello;
  hello.legacy_version = *version;
  hello.sslv2_format = true;
  hello.cipher_suite = *specs->u24();
  hello.sslv2_certificate.assign(certificate->begin(), certificate->end());
  return hello;
}

}  // namespace iotscope
