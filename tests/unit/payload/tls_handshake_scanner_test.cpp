#include "payload/tls_handshake_scanner.hpp"

#include <gtest/gtest.h>

#include "payload/tls_handshake.hpp"
#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;
using test::scan_tls;

std::vector<std::uint8_t> types_of(const std::vector<TlsHandshakeMessage>& messages) {
  std::vector<std::uint8_t> types;
  for (const auto& message : messages) types.push_back(message.type);
  return types;
}

TEST(TlsHandshakeScanner, ServerFlightYieldsHelloCertificateKeyExchangeDone) {
  // tls1_1 server: ServerHello, Certificate (spanning TCP segments), ServerKeyExchange,
  // ServerHelloDone, then NewSessionTicket before ChangeCipherSpec.
  const auto messages = scan_tls(read_sample("tls_tls1_1.server.bin"));
  EXPECT_EQ(types_of(messages), (std::vector<std::uint8_t>{2, 11, 12, 14, 4}));
}

TEST(TlsHandshakeScanner, ResultDoesNotDependOnChunking) {
  const auto stream = read_sample("tls_tls1_2.server.bin");
  const auto whole = scan_tls(stream, stream.size());
  for (const std::size_t chunk : {1u, 3u, 5u, 7u, 100u, 1000u}) {
    const auto pieces = scan_tls(stream, chunk);
    ASSERT_EQ(types_of(pieces), types_of(whole)) << chunk;
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(pieces[i].body, whole[i].body);
  }
}

TEST(TlsHandshakeScanner, MessageSpanningRecordsIsReassembled) {
  // One Certificate message split over two handshake records of 10 and rest bytes.
  const std::vector<std::uint8_t> body(30, 0xAB);
  std::vector<std::uint8_t> message = {11, 0, 0, 30};
  message.insert(message.end(), body.begin(), body.end());
  std::vector<std::uint8_t> stream = {22, 3, 3, 0, 10};
  stream.insert(stream.end(), message.begin(), message.begin() + 10);
  const std::vector<std::uint8_t> second_header = {22, 3, 3, 0, 24};
  stream.insert(stream.end(), second_header.begin(), second_header.end());
  stream.insert(stream.end(), message.begin() + 10, message.end());
  const auto messages = scan_tls(stream, 4);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].type, 11);
  EXPECT_EQ(messages[0].body, body);
}

TEST(TlsHandshakeScanner, StopsAtChangeCipherSpec) {
  TlsHandshakeScanner scanner;
  const std::vector<std::uint8_t> ccs = {20, 3, 3, 0, 1, 1, 22, 3, 3, 0, 4, 20, 0, 0, 0};
  EXPECT_TRUE(scanner.feed(ccs).empty());
  EXPECT_TRUE(scanner.stopped());
  EXPECT_EQ(scanner.stop_reason(), "encrypted");
}

TEST(TlsHandshakeScanner, StopsOnNonTlsWithOffset) {
  TlsHandshakeScanner scanner;
  const std::string http = "GET / HTTP/1.1\r\n";
  (void)scanner.feed(ByteSpan(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()));
  EXPECT_EQ(scanner.stop_reason(), "not TLS at byte 0");
}

TEST(TlsHandshakeScanner, ByteCapBoundsWork) {
  TlsHandshakeScanner scanner(1024);
  // A record announcing a 16 KiB handshake message never completes within the cap.
  std::vector<std::uint8_t> stream = {22, 3, 3, 0x40, 0x00, 11, 0, 0x3F, 0xFC};
  stream.resize(2000, 0);
  EXPECT_TRUE(scanner.feed(stream).empty());
  EXPECT_TRUE(scanner.stopped());
  EXPECT_EQ(scanner.bytes_seen(), 1024u);
  EXPECT_TRUE(scanner.feed(stream).empty());
}

TEST(TlsHandshakeScanner, OversizedHandshakeLengthStops) {
  TlsHandshakeScanner scanner(4096);
  const std::vector<std::uint8_t> stream = {22, 3, 3, 0, 4, 11, 0xFF, 0xFF, 0xFF};
  EXPECT_TRUE(scanner.feed(stream).empty());
  EXPECT_TRUE(scanner.stopped());
}

}  // namespace
}  // namespace iotscope
