#pragma once
// Reassembles TLS handshake messages from the in-order bytes of one direction of a connection:
// records may be split across reads, and one handshake message may span several records (a
// long Certificate chain) or one record may hold several messages. Stops for good at the
// first sign of encryption (ChangeCipherSpec, application data), at bytes that are not TLS, or
// once byte_cap bytes have been seen, so a long connection costs nothing after its handshake.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "payload/byte_reader.hpp"

namespace iotscope {

struct TlsHandshakeMessage {
  std::uint8_t type = 0;             // handshake type, or the SSLv2 message type when sslv2
  std::uint16_t record_version = 0;  // version in the record header carrying its first byte
  bool sslv2 = false;                // an SSLv2-format record (body starts at its type byte)
  std::vector<std::uint8_t> body;    // TLS: after the 4-byte header; SSLv2: the record payload
};

class TlsHandshakeScanner {
 public:
  static constexpr std::size_t kDefaultByteCap = std::size_t{64} * 1024;

  explicit TlsHandshakeScanner(std::size_t byte_cap = kDefaultByteCap) : byte_cap_(byte_cap) {}

  // Feeds the next bytes of the direction; returns the handshake messages they completed.
  std::vector<TlsHandshakeMessage> feed(ByteSpan chunk);

  bool stopped() const { return !stop_reason_.empty(); }
  // Why scanning ended: "encrypted", "alert", "not TLS at byte N", "byte cap reached", ...
  const std::string& stop_reason() const { return stop_reason_; }
  std::size_t bytes_seen() const { return bytes_seen_; }
  // Bytes allocated for records and messages not yet complete.
  std::size_t buffered_bytes() const {
    return pending_records_.capacity() + handshake_bytes_.capacity();
  }

 private:
  std::size_t scan_records(ByteSpan data, std::vector<TlsHandshakeMessage>& out);
  std::size_t scan_sslv2_record(ByteSpan rest, std::size_t offset,
                                std::vector<TlsHandshakeMessage>& out);
  void take_handshake_messages(ByteSpan fragment, std::vector<TlsHandshakeMessage>& out);
  std::size_t take_messages(ByteSpan data, std::vector<TlsHandshakeMessage>& out);
  void stop(std::string reason);
  template <class Take>
  void consume(std::vector<std::uint8_t>& kept, ByteSpan bytes, Take take);

  std::size_t byte_cap_;
  std::size_t bytes_seen_ = 0;
  std::size_t records_seen_ = 0;
  std::uint16_t current_record_version_ = 0;
  std::vector<std::uint8_t> pending_records_;  // bytes of not yet complete records
  std::vector<std::uint8_t> handshake_bytes_;  // handshake fragments not yet a whole message
  std::string stop_reason_;
};

}  // namespace iotscope
