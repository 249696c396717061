#pragma once
// Payload inspection of every connection the flow table tracks: nDPI names the application
// protocol from the first packets, the dedicated parsers read the facts the seeds need (TLS
// handshakes, cleartext logins and HTTP, UPnP / NAT-PMP / PCP mappings, DNS, DHCP, mDNS, SSDP,
// NTP). Per-connection state lives in reusable slots, so memory is bounded by the flow table's
// connection cap and steady-state inspection allocates little.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "flows/payload_hook.hpp"
#include "payload/cleartext_session.hpp"
#include "payload/ndpi_classifier.hpp"
#include "payload/payload_facts.hpp"
#include "payload/tls_session.hpp"

namespace iotscope {

struct InspectionLimits {
  std::uint32_t ndpi_packets = 12;    // packets nDPI may see per connection
  std::uint32_t stream_packets = 12;  // payload packets kept per TCP direction in clear
  std::uint32_t datagrams = 4;        // UDP datagrams parsed per direction
  // False: no tls_handshake facts (their field maps are the costliest part of closing a TLS
  // connection); service, TLS facts and hostname are still set. For readers of the connection
  // only, such as `iotscope flows`.
  bool tls_handshake_facts = true;
};

class ConnectionInspector final : public PayloadHook {
 public:
  explicit ConnectionInspector(InspectionLimits limits = {});

  std::uint32_t opened(const Connection& connection) override;
  bool payload(std::uint32_t slot, const Connection& connection, bool from_originator,
               std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
               const DecodedPacket& packet) override;
  void closed(std::uint32_t slot, const Connection& connection) override;

  // What was learnt about the connection closed last (the flow table calls closed() right
  // before it hands the connection to its sink); empty when it was not inspected.
  InspectionResult take_result();

 private:
  struct Slot {
    NdpiFlowState ndpi;
    bool ndpi_done = false;
    std::uint32_t ndpi_packets = 0;
    std::array<std::uint32_t, 2> packets{};  // payload packets from originator, responder
    bool stream_kind_known = false;
    std::optional<TlsSession> tls;
    std::optional<CleartextSession> cleartext;
    CleartextSession spare_cleartext;  // buffers of the slot's previous connection, for reuse
    InspectionResult result;
  };

  bool wants_more(const Slot& slot, const Connection& connection) const;
  static bool parsers_name_service(const Slot& slot, const Connection& connection);
  void inspect_stream(Slot& slot, bool from_originator, std::span<const std::uint8_t> bytes);
  void conclude(Slot& slot, const Connection& connection);

  InspectionLimits limits_;
  NdpiClassifier ndpi_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::uint32_t> free_slots_;
  InspectionResult last_;
};

}  // namespace iotscope
