#pragma once
// Reading the payload samples under tests/data/payload (extracted from the Zeek traces with
// tshark, see tests/data/payload/README.md) and feeding TLS streams to the scanner.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "payload/tls_handshake_scanner.hpp"

namespace iotscope::test {

inline std::vector<std::uint8_t> read_sample(const std::string& name) {
  const std::string path = std::string(IOTSCOPE_TEST_DATA) + "/payload/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Feeds a stream in chunks of chunk_size bytes, as TCP reads would deliver it.
inline std::vector<TlsHandshakeMessage> scan_tls(const std::vector<std::uint8_t>& stream,
                                                 std::size_t chunk_size = 1460) {
  TlsHandshakeScanner scanner;
  std::vector<TlsHandshakeMessage> messages;
  for (std::size_t at = 0; at < stream.size(); at += chunk_size) {
    const std::size_t size = std::min(chunk_size, stream.size() - at);
    for (auto& message : scanner.feed(ByteSpan(stream).subspan(at, size))) {
      messages.push_back(std::move(message));
    }
  }
  return messages;
}

inline const TlsHandshakeMessage* find_message(const std::vector<TlsHandshakeMessage>& messages,
                                               std::uint8_t type) {
  for (const auto& message : messages) {
    if (message.type == type) return &message;
  }
  return nullptr;
}

}  // namespace iotscope::test
