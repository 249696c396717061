#pragma once
// Payload inspection of every connection the flow table tracks: nDPI names the application
// protocol from the first packets, the dedicated parsers read the facts the seeds need (TLS
// handshakes, cleartext logins and HTTP, UPnP / NAT-PMP / PCP mappings, DNS, DHCP, mDNS, SSDP,
// NTP). A connection holds working state (stream buffers, TLS reassembly, nDPI's flow) only
// while nDPI or the stream parsers want its payload: once no later byte can change what they
// would conclude, what they learnt is concluded and the working state goes back to a pool, so an
// open connection whose inspection is done costs its result only (and a UDP one whose next
// datagrams the parsers still read, its packet counts besides). Steady-state inspection
// allocates little.
#include <array>
#include <cstdint>
#include <limits>
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
  // Payload packets nDPI may see of a connection the parsers have not named: in all, and in
  // each direction (a bulk transfer's later packets in one direction tell nDPI nothing its
  // first did). Over every real trace in tests/data and ../shared/zeek-traces, 8 in all and
  // down to 2 each way name the same connections as 12 in all did, except the unanswered
  // portmapper calls, which nDPI's TLS guess called "tls" after its ninth packet (Zeek: no
  // service). On the benchmark capture the cut packets were a tenth of the instructions, and what
  // they named on its random payloads was z39.50 and rtp (bench/RESULTS.md section 5).
  std::uint32_t ndpi_packets = 8;
  std::uint32_t ndpi_packets_each_way = 4;
  std::uint32_t stream_packets = 12;  // payload packets kept per TCP direction in clear
  std::uint32_t datagrams = 4;        // UDP datagrams parsed per direction
  // False: no PayloadFacts (their field maps were the costliest part of closing a connection);
  // the service, TLS version and cipher, hostname, credentials in clear and parse errors are
  // still set. For readers of the connection row only, such as `iotscope flows`.
  bool payload_facts = true;
  // Bytes the stream buffers (TLS reassembly and hellos, clear-text kept) of all connections
  // being inspected may hold together; 0: no limit. A connection whose buffers grow past it is
  // concluded at once from what it has, and counted.
  std::size_t max_buffered_bytes = 0;
};

class ConnectionInspector final : public PayloadHook {
 public:
  explicit ConnectionInspector(InspectionLimits limits = {});

  // Room for this many open connections at once, set aside (not touched) before the first: the
  // per-connection arrays then never move to larger copies, each growth a fresh stretch of
  // memory, which the virtual machines iotscope runs on make slow to touch.
  void reserve(std::size_t connections);

  std::uint32_t opened(const Connection& connection) override;
  bool payload(std::uint32_t slot, const Connection& connection, bool from_originator,
               std::span<const std::uint8_t> bytes, std::int64_t ts_ns,
               const DecodedPacket& packet) override;
  void closed(std::uint32_t slot, const Connection& connection) override;
  void prefetch(std::uint32_t slot) const override;

  // What was learnt about the connection closed last (the flow table calls closed() right
  // before it hands the connection to its sink); empty when it was not inspected.
  InspectionResult take_result();

  // Connections holding working state now (their payload is still wanted), and open ones.
  std::size_t working() const { return works_.size() - free_works_.size(); }
  std::size_t open() const { return work_of_.size() - free_entries_.size(); }
  // Bytes held by stream buffers now, and the most held at once.
  std::size_t buffered_bytes() const { return buffered_; }
  std::size_t peak_buffered_bytes() const { return peak_buffered_; }
  // Connections concluded early because the buffers of all reached max_buffered_bytes.
  std::uint64_t cut_short() const { return cut_short_; }

 private:
  // What is being learnt about a connection whose payload is still wanted; pooled.
  struct Work {
    NdpiFlowState ndpi;
    bool ndpi_done = false;
    std::uint32_t ndpi_packets = 0;
    bool stream_kind_known = false;
    // The stream started with bytes no TLS record starts with, so nDPI's TLS dissector, which
    // would buffer the stream waiting for a record's end, is left out.
    bool not_tls = false;
    std::optional<TlsSession> tls;
    std::optional<CleartextSession> cleartext;
    CleartextSession spare_cleartext;  // buffers of the work's previous connection, for reuse
  };
  using PacketCounts = std::array<std::uint32_t, 2>;  // payload packets from originator, responder
  // Entry states besides an index into works_: nothing more is wanted; or, for a UDP connection
  // nDPI is done with, only its next datagrams for the parsers, which need no working state (a
  // DNS lookup waits there for answers that never come until its minute of inactivity is up).
  static constexpr std::uint32_t kSettled = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kDatagramsOnly = kSettled - 1;

  bool ndpi_wants(const Work& work, const PacketCounts& packets) const;
  bool parsers_want(const Work& work, const PacketCounts& packets,
                    const Connection& connection) const;
  bool datagrams_wanted(const PacketCounts& packets) const;
  static bool parsers_name_service(const Work& work, const InspectionResult& result,
                                   const Connection& connection);
  void inspect_stream(Work& work, bool from_originator, std::uint32_t seen,
                      std::span<const std::uint8_t> bytes);
  void conclude(Work& work, const Connection& connection, InspectionResult& out);
  // Concludes the entry's work (if it holds one) and returns it to the pool; the entry is left
  // in state `then`, kSettled or kDatagramsOnly.
  void settle(std::uint32_t index, const Connection& connection, std::uint32_t then = kSettled);
  void recycle(Work& work);
  static std::size_t buffered_by(const Work& work);
  // Takes the change of a work's buffered bytes into the total.
  void account(std::size_t before, std::size_t after);

  InspectionLimits limits_;
  NdpiClassifier ndpi_;
  // One entry per open connection (the slot id the flow table holds), in three arrays: the index
  // into works_ while payload is wanted (else kSettled or kDatagramsOnly) and the payload packets
  // each way, read for every payload packet and small enough to stay in cache, and what was
  // learnt, read mostly when the connection is settled.
  std::vector<std::uint32_t> work_of_;
  std::vector<PacketCounts> packets_;
  std::vector<InspectionResult> results_;
  std::vector<std::uint32_t> free_entries_;
  std::vector<std::unique_ptr<Work>> works_;
  std::vector<std::uint32_t> free_works_;
  std::size_t buffered_ = 0;
  std::size_t peak_buffered_ = 0;
  std::uint64_t cut_short_ = 0;
  InspectionResult last_;
};

}  // namespace iotscope
