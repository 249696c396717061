#pragma once
// What the flow table reports for one bidirectional connection, field for field what Zeek's
// conn.log holds (see docs: originator/responder after any role flip, conn_state, history and the
// byte and packet counters), plus the link-layer facts iotscope needs for device attribution.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "decode/decoded_packet.hpp"
#include "model/enums.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

// Zeek's conn_state values, in the spelling conn.log uses (conn_state_name).
enum class ZeekConnState : std::uint8_t {
  S0,
  S1,
  SF,
  REJ,
  S2,
  S3,
  RSTO,
  RSTR,
  RSTOS0,
  RSTRH,
  SH,
  SHR,
  OTH
};

// Why the table let go of a connection; Zeek logs all of them alike.
enum class CloseReason : std::uint8_t {
  closed,   // FIN/FIN or RST seen and the linger time after it passed
  timeout,  // inactivity, or an unanswered SYN past the attempt delay
  reused,   // a new SYN on the same 5-tuple started a new connection
  evicted,  // the table was full and this one was the least worth keeping
  flushed,  // end of input
};

std::string_view conn_state_name(ZeekConnState state);
// The inverse of conn_state_name; nothing for a spelling Zeek does not use.
std::optional<ZeekConnState> conn_state_from_name(std::string_view name);
// What the state says of the exchange: established (both sides took part: SF, S1, S2, S3, RSTO,
// RSTR), rejected (REJ), no_reply (S0); partial for the rest, where one side is missing or the
// start was not seen (SH, SHR, RSTOS0, RSTRH, OTH; ICMP is always OTH).
ConnState outcome_of(ZeekConnState state);
std::string_view transport_name(Transport transport);
std::string_view close_reason_name(CloseReason reason);

struct ConnectionEndpoint {
  IpAddress ip;
  std::uint16_t port =
      0;  // ICMP: type for the originator, counterpart type or code for the responder
  bool has_mac = false;
  MacAddress mac{};
};

// History letters as in conn.log; a fixed array so a record never allocates.
inline constexpr std::size_t kHistoryCapacity = 31;
struct HistoryText {
  std::array<char, kHistoryCapacity + 1> letters{};
  std::uint8_t size = 0;

  std::string_view view() const { return {letters.data(), size}; }
  void push(char letter) {
    if (size < kHistoryCapacity) letters[size++] = letter;
  }
};

struct Connection {
  std::uint64_t uid = 0;  // stable: hash of the 5-tuple and the first packet's time
  std::int64_t start_ns = 0;
  std::int64_t last_ns = 0;
  Transport transport = Transport::other;
  std::uint8_t ip_protocol = 0;
  ConnectionEndpoint orig;
  ConnectionEndpoint resp;
  ZeekConnState state = ZeekConnState::OTH;
  HistoryText history;
  std::uint64_t orig_bytes = 0;  // TCP: from sequence numbers; UDP/ICMP: sum of payload lengths
  std::uint64_t resp_bytes = 0;
  std::uint64_t missed_bytes = 0;
  std::uint64_t orig_pkts = 0;
  std::uint64_t resp_pkts = 0;
  std::uint64_t orig_ip_bytes = 0;
  std::uint64_t resp_ip_bytes = 0;
  std::uint64_t orig_payload_pkts = 0;  // packets that carried transport payload
  std::uint64_t resp_payload_pkts = 0;
  std::uint8_t first_orig_flags = 0;  // TCP flags of the originator's first packet
  std::uint8_t first_resp_flags = 0;
  std::uint16_t vlan = 0;
  std::uint16_t inner_vlan = 0;
  CloseReason close_reason = CloseReason::flushed;
  // When the connection ended in packet time, whenever the table noticed: the timer deadline
  // for `closed` and `timeout`, the network time of the reuse, eviction or end of input.
  std::int64_t close_ns = 0;
  std::string service;  // filled later by payload inspection

  std::int64_t duration_ns() const { return last_ns - start_ns; }
  // Zeek leaves duration, orig_bytes and resp_bytes unset ("-") when the duration is zero.
  bool has_duration() const { return last_ns > start_ns; }
};

}  // namespace iotscope
