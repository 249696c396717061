#pragma once
// Zeek's TCP connection semantics applied to one packet: endpoint states, history letters,
// sequence-space byte counting, retransmissions, gaps and the close/attempt timers.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"
#include "flows/tracked_flow.hpp"

namespace iotscope {

struct TcpTimers {
  std::int64_t attempt_delay_ns = 0;
  std::int64_t close_delay_ns = 0;
};

struct TcpPacketResult {
  int side = 0;           // the sender's side after this packet (a SYN/SYN-ACK reversal flips it)
  bool in_order = false;  // payload continues the sender's stream
  bool out_of_order = false;  // payload lies beyond a hole; not handed to inspection
  std::uint32_t skip = 0;     // leading payload bytes already seen (overlap with earlier data)
};

TcpPacketResult track_tcp_packet(TrackedFlow& record, const DecodedPacket& packet, int side,
                                 const TcpTimers& timers);

// Whether a SYN on an existing connection starts a new one (Zeek's connection reuse).
bool tcp_packet_reuses(const TrackedFlow& record, const DecodedPacket& packet);

// Ends the sequence-space bookkeeping: bytes above a hole that nobody filled are missed.
void finish_tcp_gaps(TrackedFlow& record);

ZeekConnState tcp_conn_state(const TrackedFlow& record);

}  // namespace iotscope
