#pragma once
// One side of a TCP connection as Zeek's endpoint model sees it: a state, the sequence space it
// has used (so retransmitted bytes count once) and what its peer acknowledged of it.
#include <cstdint>

namespace iotscope {

enum class TcpEndpointState : std::uint8_t {
  inactive,
  syn_sent,
  syn_ack_sent,
  partial,
  established,
  closed,
  reset,
};

// A history letter that repeats on a logarithmic scale: at the 1st, 10th, 100th ... event.
struct ScaledLetterCounter {
  std::uint32_t count = 0;
  std::uint32_t threshold = 1;

  bool hit() {
    if (++count != threshold) return false;
    if (threshold > UINT32_MAX / 10) {
      count = 0;  // keeps the threshold, as there is no larger one
    } else {
      threshold *= 10;
    }
    return true;
  }
};

struct TcpEndpoint {
  // Sequence numbers are kept relative to start_seq as 64-bit values so long transfers and
  // wrap-around stay exact; *_abs remember the last raw value each relative one came from.
  std::uint32_t start_seq = 0;
  std::uint32_t last_abs = 0;
  std::uint32_t ack_abs = 0;
  std::int64_t last_rel = 0;       // one past the highest sequence number sent
  std::int64_t ack_rel = 0;        // highest sequence number the peer acknowledged
  std::int64_t delivered_rel = 1;  // in-order data edge: every byte below it was seen or missed
  std::int64_t ooo_begin = 0;  // one out-of-order range seen above the edge (begin == end: none)
  std::int64_t ooo_end = 0;
  std::int64_t fin_rel = 0;  // one past the FIN; 0 when no FIN was seen
  std::int64_t hist_last_syn = 0;
  std::int64_t hist_last_fin = 0;
  std::int64_t hist_last_rst = 0;
  ScaledLetterCounter retransmissions;
  ScaledLetterCounter zero_windows;
  ScaledLetterCounter gaps;
  std::uint16_t fin_count = 0;
  TcpEndpointState state = TcpEndpointState::inactive;
  TcpEndpointState prev_state = TcpEndpointState::inactive;
  bool did_close = false;

  void set_state(TcpEndpointState next) {
    if (next == state) return;
    prev_state = state;
    state = next;
  }

  void init(std::uint32_t start, std::uint32_t last) {
    start_seq = start;
    ack_abs = start;
    ack_rel = 0;
    last_abs = last;
    last_rel = static_cast<std::int32_t>(last - start);
    delivered_rel = 1;
    ooo_begin = ooo_end = 0;
  }

  std::int64_t relative_seq(std::uint32_t seq) const {
    return last_rel + static_cast<std::int32_t>(seq - last_abs);
  }
  std::int64_t relative_ack(std::uint32_t ack) const {
    return ack_rel + static_cast<std::int32_t>(ack - ack_abs);
  }
  void update_last(std::uint32_t last) {
    last_rel = relative_seq(last);
    last_abs = last;
  }
  void update_ack(std::uint32_t ack) {
    ack_rel = relative_ack(ack);
    ack_abs = ack;
  }

  // Payload bytes this side sent, from its sequence space (Zeek's endpoint size).
  std::uint64_t size(TcpEndpointState peer_state) const {
    const bool no_data_acked = ack_rel == 0 || ack_rel == 1;
    if (prev_state == TcpEndpointState::syn_sent && state == TcpEndpointState::reset &&
        peer_state == TcpEndpointState::inactive && !no_data_acked)
      return 0;  // a half-open connection found and aborted: its numbers mean nothing
    std::int64_t span = last_rel > ack_rel ? last_rel : ack_rel;
    if (span <= 0) return 0;
    --span;  // the SYN's octet (or the one assumed before a partial connection's first packet)
    if (fin_count > 0 && span != 0) --span;
    return static_cast<std::uint64_t>(span);
  }

  // Folds the out-of-order range into the edge once the edge has reached it.
  void absorb_out_of_order() {
    if (ooo_end > ooo_begin && ooo_begin <= delivered_rel) {
      if (ooo_end > delivered_rel) delivered_rel = ooo_end;
      ooo_begin = ooo_end = 0;
    }
  }
};

}  // namespace iotscope
