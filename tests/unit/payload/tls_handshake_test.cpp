#include "payload/tls_handshake.hpp"

#include <gtest/gtest.h>

#include "payload/cipher_suites.hpp"
#include "payload/der_certificate.hpp"
#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::find_message;
using test::read_sample;
using test::scan_tls;

struct Negotiated {
  std::string version;
  std::string cipher;
  std::string server_name;
  std::optional<bool> self_signed;
};

// What Zeek's ssl.log reports for a connection, from the two directions' first flights.
Negotiated negotiate(const std::string& sample, std::size_t chunk_size = 1460) {
  const auto client = scan_tls(read_sample(sample + ".client.bin"), chunk_size);
  const auto server = scan_tls(read_sample(sample + ".server.bin"), chunk_size);
  Negotiated result;
  if (const auto* hello = find_message(client, tls_handshake_type::kClientHello)) {
    const auto parsed =
        hello->sslv2 ? parse_sslv2_client_hello(hello->body) : parse_client_hello(hello->body);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message();
    if (parsed) result.server_name = parsed->server_name;
  }
  if (const auto* hello = find_message(server, tls_handshake_type::kServerHello)) {
    const auto parsed = parse_server_hello(hello->body);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message();
    if (parsed) {
      result.version = tls_version_name(parsed->negotiated_version());
      result.cipher = cipher_suite_label(parsed->cipher_suite);
    }
  }
  if (const auto* certificate = find_message(server, tls_handshake_type::kCertificate)) {
    const auto chain = parse_certificate_message(certificate->body);
    EXPECT_TRUE(chain.ok()) << chain.error().message();
    const auto names = parse_certificate_names(chain->first_certificate_der);
    EXPECT_TRUE(names.ok()) << names.error().message();
    if (names) result.self_signed = names->self_signed();
  }
  return result;
}

// Expected values are the version / cipher / server_name columns of each trace's ssl.log.
TEST(TlsHandshake, Tls12MatchesZeekBaseline) {
  const Negotiated tls = negotiate("tls_tls1_2");
  EXPECT_EQ(tls.version, "TLSv12");
  EXPECT_EQ(tls.cipher, "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_EQ(tls.server_name, "");
  EXPECT_EQ(tls.self_signed, false);
}

TEST(TlsHandshake, Tls11MatchesZeekBaseline) {
  const Negotiated tls = negotiate("tls_tls1_1");
  EXPECT_EQ(tls.version, "TLSv11");
  EXPECT_EQ(tls.cipher, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(tls.self_signed, false);
}

TEST(TlsHandshake, ConnWithExtensionsMatchesZeekBaseline) {
  const Negotiated tls = negotiate("tls_tls_conn_with_extensions");
  EXPECT_EQ(tls.version, "TLSv10");
  EXPECT_EQ(tls.cipher, "TLS_ECDHE_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(tls.server_name, "ssl.gstatic.com");
}

TEST(TlsHandshake, IrcStarttlsCertificateIsSelfSigned) {
  // ssl.log: TLSv12 TLS_RSA_WITH_AES_256_GCM_SHA384; x509.log: subject == issuer.
  const Negotiated tls = negotiate("tls_irc_starttls");
  EXPECT_EQ(tls.version, "TLSv12");
  EXPECT_EQ(tls.cipher, "TLS_RSA_WITH_AES_256_GCM_SHA384");
  EXPECT_EQ(tls.self_signed, true);
}

TEST(TlsHandshake, Tls13VersionComesFromSupportedVersions) {
  // ssl.log of tls13_wolfssl: TLSv13 TLS_AES_256_GCM_SHA384, SNI 127.0.0.1 in the baseline
  // of the encrypted-handshake test.
  const Negotiated tls = negotiate("tls_tls13_wolfssl");
  EXPECT_EQ(tls.version, "TLSv13");
  EXPECT_EQ(tls.cipher, "TLS_AES_256_GCM_SHA384");
  const auto client = scan_tls(read_sample("tls_tls13_wolfssl.client.bin"));
  const auto hello = parse_client_hello(find_message(client, 1)->body);
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->legacy_version, tls_version::kTls12);
  EXPECT_EQ(hello->highest_version(), tls_version::kTls13);
}

TEST(TlsHandshake, ClientHelloListsOfferedSuitesInOrder) {
  const auto client = scan_tls(read_sample("tls_tls1_2.client.bin"));
  const auto hello = parse_client_hello(find_message(client, 1)->body);
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->legacy_version, tls_version::kTls12);
  ASSERT_GE(hello->cipher_suites.size(), 2u);
  // tshark: the first offered suites are 0xc030 and 0xc02c.
  EXPECT_EQ(hello->cipher_suites[0], 0xC030u);
  EXPECT_EQ(hello->cipher_suites[1], 0xC02Cu);
}

TEST(TlsHandshake, SslV3TraceIsSslv2FormatHelloNegotiatingTls10) {
  const auto client = scan_tls(read_sample("tls_ssl_v3.client.bin"));
  ASSERT_FALSE(client.empty());
  EXPECT_TRUE(client[0].sslv2);
  const auto hello = parse_sslv2_client_hello(client[0].body);
  ASSERT_TRUE(hello.ok()) << hello.error().message();
  EXPECT_TRUE(hello->sslv2_format);
  EXPECT_EQ(hello->legacy_version, tls_version::kTls10);
  EXPECT_FALSE(hello->cipher_suites.empty());
  const Negotiated tls = negotiate("tls_ssl_v3");
  EXPECT_EQ(tls.version, "TLSv10");
  EXPECT_EQ(tls.cipher, "TLS_RSA_WITH_RC4_128_MD5");
}

TEST(TlsHandshake, GenuineSslv2HandshakeIsRecognised) {
  const auto client = scan_tls(read_sample("tls_ssl_v2.client.bin"));
  ASSERT_FALSE(client.empty());
  const auto hello = parse_sslv2_client_hello(client[0].body);
  ASSERT_TRUE(hello.ok()) << hello.error().message();
  EXPECT_EQ(hello->legacy_version, tls_version::kSsl2);
  EXPECT_EQ(tls_version_name(hello->legacy_version), "SSLv2");
  const auto server = scan_tls(read_sample("tls_ssl_v2.server.bin"));
  ASSERT_FALSE(server.empty());
  const auto server_hello = parse_sslv2_server_hello(server[0].body);
  ASSERT_TRUE(server_hello.ok()) << server_hello.error().message();
  EXPECT_EQ(tls_version_name(server_hello->negotiated_version()), "SSLv2");
  EXPECT_TRUE(cipher_suite_name(server_hello->cipher_suite).starts_with("SSLv20_CK_"));
  EXPECT_TRUE(parse_certificate_names(server_hello->sslv2_certificate).ok());
}

TEST(TlsHandshake, VersionNamesFollowZeek) {
  EXPECT_EQ(tls_version_name(0x0300), "SSLv3");
  EXPECT_EQ(tls_version_name(0x0301), "TLSv10");
  EXPECT_EQ(tls_version_name(0x0304), "TLSv13");
  EXPECT_EQ(tls_version_name(0x7F12), "TLSv13-draft18");
  EXPECT_EQ(tls_version_name(0x1234), "unknown-4660");
}

TEST(TlsHandshake, TruncatedClientHelloFailsWithOffset) {
  const auto client = scan_tls(read_sample("tls_tls_conn_with_extensions.client.bin"));
  const std::vector<std::uint8_t>& body = find_message(client, 1)->body;
  // Cutting inside the extensions block must fail; every prefix must be handled.
  const auto cut = parse_client_hello(ByteSpan(body).first(body.size() - 3));
  ASSERT_FALSE(cut.ok());
  EXPECT_GT(cut.error().offset, 38u);
  EXPECT_NE(cut.error().message().find("byte "), std::string::npos);
  for (std::size_t size = 0; size < body.size(); ++size) {
    (void)parse_client_hello(ByteSpan(body).first(size));
  }
  EXPECT_FALSE(parse_client_hello(ByteSpan(body).first(20)).ok());
}

TEST(TlsHandshake, CorruptServerNameLengthFails) {
  const auto client = scan_tls(read_sample("tls_tls_conn_with_extensions.client.bin"));
  std::vector<std::uint8_t> body = find_message(client, 1)->body;
  const std::string_view text(reinterpret_cast<const char*>(body.data()), body.size());
  const std::size_t name_at = text.find("ssl.gstatic.com");
  ASSERT_NE(name_at, std::string_view::npos);
  body[name_at - 2] = 0xFF;  // host_name length far beyond the extension
  EXPECT_FALSE(parse_client_hello(body).ok());
}

TEST(TlsHandshake, CertificateWithBrokenDerFails) {
  const auto server = scan_tls(read_sample("tls_tls1_2.server.bin"));
  const auto chain = parse_certificate_message(find_message(server, 11)->body);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->certificate_count, 3u);  // x509.log lists three certificates
  std::vector<std::uint8_t> der = chain->first_certificate_der;
  for (std::size_t size = 0; size < 200; ++size) {
    EXPECT_FALSE(parse_certificate_names(ByteSpan(der).first(size)).ok()) << size;
  }
  der[1] = 0x85;  // a 5-byte length: not DER
  EXPECT_FALSE(parse_certificate_names(der).ok());
}

}  // namespace
}  // namespace iotscope
