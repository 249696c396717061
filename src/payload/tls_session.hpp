#pragma once
// The TLS handshake of one connection, read from both directions as the bytes arrive: what the
// client offered, what the server chose, and whether the server's certificate signs itself.
#include <cstdint>
#include <optional>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/payload_facts.hpp"
#include "payload/tls_handshake.hpp"
#include "payload/tls_handshake_scanner.hpp"

namespace iotscope {

class TlsSession {
 public:
  // Whether the first bytes of a client stream look like a TLS or SSLv2-compatible hello.
  static bool looks_like_tls(ByteSpan client_bytes);
  // Whether a stream's first bytes could be any TLS record (or an SSLv2 hello): a stream that
  // starts otherwise is no TLS stream, even one picked up after its handshake.
  static bool could_start_tls(ByteSpan first_bytes);

  void feed(bool from_client, ByteSpan bytes);
  // True once both hellos (and the certificate, for TLS up to 1.2) were read or scanning ended.
  bool done() const;
  bool seen_client_hello() const { return client_hello_.has_value(); }
  // The session's facts; nullopt when no ClientHello was seen.
  std::optional<TlsFacts> facts() const;
  // Observation fields of the handshake (docs/observations.md: tls_handshake).
  std::map<std::string, std::string> fields() const;
  const std::string& server_name() const;
  // Memory held for the handshake: reassembly buffers, and the hellos read (about the size of
  // their messages).
  std::size_t buffered_bytes() const;

 private:
  TlsHandshakeScanner client_scanner_;
  TlsHandshakeScanner server_scanner_;
  std::optional<ClientHello> client_hello_;
  std::optional<ServerHello> server_hello_;
  std::optional<bool> self_signed_;
  std::size_t hello_bytes_ = 0;  // message sizes of the hellos kept
};

}  // namespace iotscope
