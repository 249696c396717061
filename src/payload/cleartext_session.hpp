#pragma once
// The first bytes of a TCP connection in clear, kept per direction up to a cap, and the facts
// the seeds ask about once the connection ends: HTTP requests (with Basic credentials and UPnP
// SOAP port-mapping actions), MQTT CONNECT, FTP and Telnet logins.
#include <cstdint>
#include <vector>

#include "payload/byte_reader.hpp"
#include "payload/payload_facts.hpp"

namespace iotscope {

class CleartextSession {
 public:
  static constexpr std::size_t kClientCap = std::size_t{16} * 1024;  // a SOAP request fits
  static constexpr std::size_t kServerCap = std::size_t{4} * 1024;
  static constexpr std::size_t kKeptCapacity = std::size_t{4} * 1024;  // per direction

  void feed(bool from_client, ByteSpan bytes);
  bool full() const;
  // Bytes allocated for the kept bytes of both directions.
  std::size_t buffered_bytes() const { return client_.capacity() + server_.capacity(); }
  // Whether conclude() will name the service (HTTP or MQTT) whatever bytes follow: the kept
  // bytes already parse, and the server's first bytes (which pick FTP and Telnet) are known.
  bool names_service(std::uint16_t server_port) const;
  // Whether conclude() says the same whatever bytes follow, so the connection's later packets
  // need not be kept: an MQTT CONNECT with its CONNACK, or a whole HTTP request head that is
  // neither a SOAP call (its body holds the action) nor a CONNECT (a tunnel, often to TLS,
  // follows), with the server's first bytes (which pick FTP and Telnet) known.
  bool settled(std::uint16_t server_port) const;
  // Forgets the kept bytes but keeps small buffers, so a reused inspection slot does not
  // allocate again for the next connection; large ones are released to keep memory bounded.
  void clear();
  // Adds what the kept bytes show to `out`; `server_port` picks the protocol where the bytes
  // alone do not (Telnet). Without `with_facts`, only the service, hostname and whether
  // credentials went in clear: no PayloadFact.
  void conclude(std::uint16_t server_port, std::int64_t ts_ns, bool client_is_originator,
                InspectionResult& out, bool with_facts = true) const;

 private:
  std::vector<std::uint8_t> client_;
  std::vector<std::uint8_t> server_;
};

}  // namespace iotscope
