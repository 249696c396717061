// Which streams may be TLS: the inspector keeps nDPI's TLS dissector off the others, where it
// would buffer the stream waiting for the end of a "record" that random bytes announce.
#include "payload/tls_session.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

// The irc_starttls sample starts at the client's hello, after the STARTTLS exchange.
TEST(TlsSession, EveryTlsStreamOfTheZeekTracesCouldStartTls) {
  for (const std::string name :
       {"tls_ssl_v2", "tls_ssl_v3", "tls_tls13_wolfssl", "tls_tls1_1", "tls_tls1_2",
        "tls_tls_conn_with_extensions", "tls_tls_expired_cert", "tls_irc_starttls"}) {
    EXPECT_TRUE(TlsSession::could_start_tls(read_sample(name + ".client.bin"))) << name;
    EXPECT_TRUE(TlsSession::could_start_tls(read_sample(name + ".server.bin"))) << name;
  }
}

TEST(TlsSession, CleartextStreamsCannotStartTls) {
  for (const std::string name :
       {"http_get", "http_basic_auth_colon", "ftp_ipv4", "ftp_pass_command", "mqtt_31"}) {
    EXPECT_FALSE(TlsSession::could_start_tls(read_sample(name + ".client.bin"))) << name;
  }
}

TEST(TlsSession, AnyRecordTypeOfVersionThreeCouldStartTls) {
  // A capture that starts after the handshake: application data, alerts, change cipher spec.
  for (const std::uint8_t type :
       {std::uint8_t{20}, std::uint8_t{21}, std::uint8_t{22}, std::uint8_t{23}}) {
    const std::array<std::uint8_t, 5> record{type, 3, 3, 0, 16};
    EXPECT_TRUE(TlsSession::could_start_tls(record)) << int{type};
  }
  // The first bytes of a random stream of the benchmark capture, which nDPI took for TLS.
  const std::array<std::uint8_t, 5> random{0x17, 0xcb, 0xb4, 0x0f, 0x77};
  EXPECT_FALSE(TlsSession::could_start_tls(random));
  const std::array<std::uint8_t, 5> other_type{0x18, 3, 3, 0, 16};
  EXPECT_FALSE(TlsSession::could_start_tls(other_type));
  // Too short to tell.
  const std::array<std::uint8_t, 1> one{0x17};
  EXPECT_TRUE(TlsSession::could_start_tls(one));
}

}  // namespace
}  // namespace iotscope
