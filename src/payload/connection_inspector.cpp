#include "payload/connection_inspector.hpp"

#include <algorithm>
#include <cctype>

#include "payload/datagram_facts.hpp"

namespace iotscope {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void add_tls_facts(const TlsSession& tls, const Connection& c, bool handshake_facts,
                   InspectionResult& out) {
  auto facts = tls.facts();
  if (!facts) return;
  out.service = "tls";
  out.how_known = HowKnown::payload;
  out.tls = std::move(facts);
  if (!tls.server_name().empty()) out.hostname = tls.server_name();
  if (!handshake_facts) return;
  // One fact per end: the client's view (what it offered and got) and the server's.
  for (const bool about_originator : {true, false}) {
    PayloadFact fact;
    fact.about_originator = about_originator;
    fact.ts_ns = c.start_ns;
    fact.kind = "tls_handshake";
    fact.fields = tls.fields();
    fact.fields["role"] = about_originator ? "client" : "server";
    out.facts.push_back(std::move(fact));
  }
}

}  // namespace

ConnectionInspector::ConnectionInspector(InspectionLimits limits) : limits_(limits) {}

std::uint32_t ConnectionInspector::opened(const Connection& connection) {
  (void)connection;
  std::uint32_t index = 0;
  if (free_slots_.empty()) {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(std::make_unique<Slot>());
  } else {
    index = free_slots_.back();
    free_slots_.pop_back();
  }
  return index;
}

bool ConnectionInspector::wants_more(const Slot& slot, const Connection& connection) const {
  const bool ndpi_wants = !slot.ndpi_done && slot.ndpi_packets < limits_.ndpi_packets;
  if (connection.transport == Transport::udp) {
    return ndpi_wants || slot.packets[0] < limits_.datagrams || slot.packets[1] < limits_.datagrams;
  }
  if (slot.tls) return ndpi_wants || !slot.tls->done();
  const bool stream_wants =
      slot.packets[0] < limits_.stream_packets || slot.packets[1] < limits_.stream_packets;
  return ndpi_wants || (slot.cleartext && stream_wants && !slot.cleartext->full()) ||
         !slot.stream_kind_known;
}

bool ConnectionInspector::parsers_name_service(const Slot& slot, const Connection& connection) {
  if (!slot.result.service.empty()) return true;  // a datagram parser named it
  if (slot.tls && slot.tls->seen_client_hello()) return true;
  return slot.cleartext && slot.cleartext->names_service(connection.resp.port);
}

void ConnectionInspector::inspect_stream(Slot& slot, bool from_originator,
                                         std::span<const std::uint8_t> bytes) {
  // The client speaks first in every protocol the parsers know, except FTP / Telnet banners
  // and server-first protocols; those stay cleartext candidates.
  if (!slot.stream_kind_known) {
    slot.stream_kind_known = true;
    if (from_originator && TlsSession::looks_like_tls(bytes)) {
      slot.tls.emplace();
    } else {
      slot.cleartext.emplace(std::move(slot.spare_cleartext));
    }
  }
  if (!slot.tls && from_originator && TlsSession::looks_like_tls(bytes)) {
    // STARTTLS (IRC, FTP AUTH TLS, SMTP, ...): the client's hello follows a cleartext
    // negotiation; the cleartext facts read so far are kept.
    slot.tls.emplace();
  }
  if (slot.tls) {
    slot.tls->feed(from_originator, bytes);
  } else if (slot.cleartext && slot.packets[from_originator ? 0 : 1] <= limits_.stream_packets) {
    slot.cleartext->feed(from_originator, bytes);
  }
}

bool ConnectionInspector::payload(std::uint32_t index, const Connection& connection,
                                  bool from_originator, std::span<const std::uint8_t> bytes,
                                  std::int64_t ts_ns, const DecodedPacket& packet) {
  Slot& slot = *slots_[index];
  ++slot.packets[from_originator ? 0 : 1];
  if (connection.transport == Transport::udp) {
    if (slot.packets[from_originator ? 0 : 1] <= limits_.datagrams) {
      const DatagramContext context{from_originator ? connection.orig.port : connection.resp.port,
                                    from_originator ? connection.resp.port : connection.orig.port,
                                    from_originator, ts_ns};
      inspect_datagram(context, bytes, slot.result);
    }
  } else if (connection.transport == Transport::tcp && !bytes.empty()) {
    inspect_stream(slot, from_originator, bytes);
  }
  // nDPI's verdict only names the service when the parsers do not (its flow risks go nowhere),
  // so a connection the parsers have named is not fed to it: most of a capture's connections,
  // and nDPI was a third of the CPU time.
  if (!slot.ndpi_done && slot.ndpi_packets < limits_.ndpi_packets && !packet.ip_packet.empty()) {
    if (parsers_name_service(slot, connection)) {
      slot.ndpi_done = true;
    } else {
      ++slot.ndpi_packets;
      slot.ndpi_done = ndpi_.feed(slot.ndpi, packet.ip_packet, ts_ns);
    }
  }
  return wants_more(slot, connection);
}

void ConnectionInspector::conclude(Slot& slot, const Connection& connection) {
  InspectionResult& out = slot.result;
  if (slot.tls) add_tls_facts(*slot.tls, connection, limits_.tls_handshake_facts, out);
  if (slot.cleartext)
    slot.cleartext->conclude(connection.resp.port, connection.start_ns, true, out);
  if (slot.ndpi_packets > 0) {
    NdpiVerdict verdict = ndpi_.verdict(slot.ndpi);
    out.risks = std::move(verdict.risks);
    if (out.service.empty() && !verdict.protocol.empty()) {
      out.service = lower(verdict.protocol);
      out.how_known = verdict.guessed ? HowKnown::port : HowKnown::payload;
    }
  }
}

void ConnectionInspector::closed(std::uint32_t index, const Connection& connection) {
  Slot& slot = *slots_[index];
  conclude(slot, connection);
  last_ = std::move(slot.result);
  // Reuse the slot: nDPI's flow struct is reset in place (when nDPI saw the connection at
  // all), the rest starts empty.
  if (slot.ndpi_packets > 0) slot.ndpi.reset();
  slot.ndpi_done = false;
  slot.ndpi_packets = 0;
  slot.packets = {};
  slot.stream_kind_known = false;
  slot.tls.reset();
  if (slot.cleartext) {
    slot.cleartext->clear();
    slot.spare_cleartext = std::move(*slot.cleartext);
    slot.cleartext.reset();
  }
  slot.result = InspectionResult{};
  free_slots_.push_back(index);
}

InspectionResult ConnectionInspector::take_result() {
  return std::exchange(last_, {});
}

}  // namespace iotscope
