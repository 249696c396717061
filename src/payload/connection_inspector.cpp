#include "payload/connection_inspector.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "payload/datagram_facts.hpp"
#include "util/prefetch.hpp"

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

void ConnectionInspector::reserve(std::size_t connections) {
  work_of_.reserve(connections);
  packets_.reserve(connections);
  results_.reserve(connections);
}

std::uint32_t ConnectionInspector::opened(const Connection& connection) {
  (void)connection;
  std::uint32_t work = 0;
  if (free_works_.empty()) {
    work = static_cast<std::uint32_t>(works_.size());
    works_.push_back(std::make_unique<Work>());
  } else {
    work = free_works_.back();
    free_works_.pop_back();
  }
  std::uint32_t index = 0;
  if (free_entries_.empty()) {
    index = static_cast<std::uint32_t>(work_of_.size());
    work_of_.push_back(kSettled);
    packets_.emplace_back();
    results_.emplace_back();
  } else {
    index = free_entries_.back();
    free_entries_.pop_back();
  }
  work_of_[index] = work;
  packets_[index] = {};
  return index;
}

void ConnectionInspector::prefetch(std::uint32_t index) const {
  if (index >= work_of_.size() || work_of_[index] >= kDatagramsOnly) return;
  prefetch_for_write(*works_[work_of_[index]]);
}

bool ConnectionInspector::ndpi_wants(const Work& work, const PacketCounts& packets) const {
  return !work.ndpi_done && work.ndpi_packets < limits_.ndpi_packets &&
         (packets[0] < limits_.ndpi_packets_each_way || packets[1] < limits_.ndpi_packets_each_way);
}

bool ConnectionInspector::datagrams_wanted(const PacketCounts& packets) const {
  return packets[0] < limits_.datagrams || packets[1] < limits_.datagrams;
}

bool ConnectionInspector::parsers_want(const Work& work, const PacketCounts& packets,
                                       const Connection& connection) const {
  if (connection.transport == Transport::udp) return datagrams_wanted(packets);
  if (connection.transport != Transport::tcp) return false;  // no parser reads ICMP payload
  if (work.tls) return !work.tls->done();
  const bool stream_wants =
      packets[0] < limits_.stream_packets || packets[1] < limits_.stream_packets;
  return (work.cleartext && stream_wants && !work.cleartext->full() &&
          !work.cleartext->settled(connection.resp.port)) ||
         !work.stream_kind_known;
}

bool ConnectionInspector::parsers_name_service(const Work& work, const InspectionResult& result,
                                               const Connection& connection) {
  if (!result.service.empty()) return true;  // a datagram parser named it
  if (work.tls && work.tls->seen_client_hello()) return true;
  return work.cleartext && work.cleartext->names_service(connection.resp.port);
}

void ConnectionInspector::inspect_stream(Work& work, bool from_originator, std::uint32_t seen,
                                         std::span<const std::uint8_t> bytes) {
  // The client speaks first in every protocol the parsers know, except FTP / Telnet banners
  // and server-first protocols; those stay cleartext candidates.
  if (!work.stream_kind_known) {
    work.stream_kind_known = true;
    work.not_tls = !TlsSession::could_start_tls(bytes);
    if (from_originator && TlsSession::looks_like_tls(bytes)) {
      work.tls.emplace();
    } else {
      work.cleartext.emplace(std::move(work.spare_cleartext));
    }
  }
  if (!work.tls && from_originator && TlsSession::looks_like_tls(bytes)) {
    // STARTTLS (IRC, FTP AUTH TLS, SMTP, ...): the client's hello follows a cleartext
    // negotiation; the cleartext facts read so far are kept.
    work.tls.emplace();
  }
  if (work.tls) {
    work.tls->feed(from_originator, bytes);
  } else if (work.cleartext && seen <= limits_.stream_packets) {
    work.cleartext->feed(from_originator, bytes);
  }
}

bool ConnectionInspector::payload(std::uint32_t index, const Connection& connection,
                                  bool from_originator, std::span<const std::uint8_t> bytes,
                                  std::int64_t ts_ns, const DecodedPacket& packet) {
  const std::uint32_t state = work_of_[index];
  if (state == kSettled) return false;
  PacketCounts& packets = packets_[index];
  const std::uint32_t seen = ++packets[from_originator ? 0 : 1];
  InspectionResult& result = results_[index];
  if (connection.transport == Transport::udp && seen <= limits_.datagrams) {
    const DatagramContext context{from_originator ? connection.orig.port : connection.resp.port,
                                  from_originator ? connection.resp.port : connection.orig.port,
                                  from_originator, ts_ns, limits_.payload_facts};
    inspect_datagram(context, bytes, result);
  }
  if (state == kDatagramsOnly) {
    if (datagrams_wanted(packets)) return true;
    work_of_[index] = kSettled;
    return false;
  }
  Work& work = *works_[state];
  if (connection.transport == Transport::tcp && !bytes.empty()) {
    const std::size_t before = buffered_by(work);
    inspect_stream(work, from_originator, seen, bytes);
    const std::size_t after = buffered_by(work);
    account(before, after);
    if (limits_.max_buffered_bytes != 0 && buffered_ > limits_.max_buffered_bytes &&
        after > before) {
      ++cut_short_;
      settle(index, connection);
      return false;
    }
  }
  // nDPI's verdict only names the service when the parsers do not (its flow risks go nowhere),
  // so a connection the parsers have named is not fed to it: most of a capture's connections,
  // and nDPI was a third of the CPU time.
  if (!work.ndpi_done && work.ndpi_packets < limits_.ndpi_packets && !packet.ip_packet.empty() &&
      seen <= limits_.ndpi_packets_each_way) {
    if (parsers_name_service(work, result, connection)) {
      work.ndpi_done = true;
    } else {
      if (work.ndpi_packets++ == 0 && work.not_tls) ndpi_.rule_out_tls(work.ndpi);
      work.ndpi_done = ndpi_.feed(work.ndpi, packet.ip_packet, ts_ns);
    }
  }
  const bool ndpi_more = ndpi_wants(work, packets);
  const bool parsers_more = parsers_want(work, packets, connection);
  if (ndpi_more || parsers_more) {
    // What nDPI concluded cannot change any more; a later datagram the parsers name overrides
    // its service as it would have at the close.
    if (!ndpi_more && connection.transport == Transport::udp) {
      settle(index, connection, kDatagramsOnly);
    }
    return true;
  }
  // Nothing later can change what is concluded, so the buffers go now rather than when the
  // connection closes, which may be minutes away.
  settle(index, connection);
  return false;
}

void ConnectionInspector::conclude(Work& work, const Connection& connection,
                                   InspectionResult& out) {
  if (work.tls) add_tls_facts(*work.tls, connection, limits_.payload_facts, out);
  if (work.cleartext) {
    work.cleartext->conclude(connection.resp.port, connection.start_ns, true, out,
                             limits_.payload_facts);
  }
  if (work.ndpi_packets > 0) {
    NdpiVerdict verdict = ndpi_.verdict(work.ndpi);
    out.risks = std::move(verdict.risks);
    if (out.service.empty() && !verdict.protocol.empty()) {
      out.service = lower(verdict.protocol);
      out.how_known = verdict.guessed ? HowKnown::port : HowKnown::payload;
    }
  }
}

std::size_t ConnectionInspector::buffered_by(const Work& work) {
  return (work.tls ? work.tls->buffered_bytes() : 0) +
         (work.cleartext ? work.cleartext->buffered_bytes() : 0) +
         work.spare_cleartext.buffered_bytes();
}

void ConnectionInspector::account(std::size_t before, std::size_t after) {
  buffered_ = buffered_ - before + after;
  peak_buffered_ = std::max(peak_buffered_, buffered_);
}

void ConnectionInspector::recycle(Work& work) {
  const std::size_t before = buffered_by(work);
  // nDPI's flow struct is reset in place (when nDPI saw the connection at all), the rest starts
  // empty.
  if (work.ndpi_packets > 0) work.ndpi.reset();
  work.ndpi_done = false;
  work.ndpi_packets = 0;
  work.stream_kind_known = false;
  work.not_tls = false;
  work.tls.reset();
  if (work.cleartext) {
    work.cleartext->clear();
    work.spare_cleartext = std::move(*work.cleartext);
    work.cleartext.reset();
  }
  account(before, buffered_by(work));
}

void ConnectionInspector::settle(std::uint32_t index, const Connection& connection,
                                 std::uint32_t then) {
  const std::uint32_t state = work_of_[index];
  work_of_[index] = then;
  if (state >= kDatagramsOnly) return;
  Work& work = *works_[state];
  conclude(work, connection, results_[index]);
  recycle(work);
  free_works_.push_back(state);
}

void ConnectionInspector::closed(std::uint32_t index, const Connection& connection) {
  settle(index, connection);
  last_ = std::exchange(results_[index], {});
  free_entries_.push_back(index);
}

InspectionResult ConnectionInspector::take_result() {
  return std::exchange(last_, {});
}

}  // namespace iotscope
