#include "flows/tcp_tracker.hpp"

#include <algorithm>
#include <string_view>

namespace iotscope {
namespace {

using State = TcpEndpointState;

// Sequence jumps larger than this in a SYN or RST are not trusted (Zeek's TOO_LARGE_SEQ_DELTA).
constexpr std::int32_t kTooLargeSeqDelta = 1 << 20;

struct Flags {
  bool syn, fin, rst, ack;
};

Flags flags_of(std::uint8_t bits) {
  return {(bits & tcp_flag::syn) != 0, (bits & tcp_flag::fin) != 0, (bits & tcp_flag::rst) != 0,
          (bits & tcp_flag::ack) != 0};
}

void init_endpoint(TcpEndpoint& ep, Flags f, std::uint32_t seq, std::uint32_t end) {
  switch (ep.state) {
    case State::inactive:
      // Without a SYN, number the bytes as though one preceded this packet.
      if (f.syn) {
        ep.init(seq, end);
      } else {
        ep.init(seq - 1, seq);
      }
      break;
    case State::syn_sent:
    case State::syn_ack_sent:
      if (f.syn && seq != ep.start_seq) ep.init(seq, end);
      break;
    case State::established:
    case State::partial:
      if (f.syn) ep.init(seq, end);
      break;
    case State::reset:
      if (f.syn && ep.prev_state == State::inactive) ep.init(seq, end);
      break;
    case State::closed:
      break;
  }
}

void update_history(TrackedFlow& r, int side, Flags f, std::int64_t rel_seq, std::int64_t len) {
  TcpEndpoint& ep = r.tcp[side];
  const int control = int{f.syn} + int{f.fin} + int{f.rst};
  if (control > 1) {
    if (f.fin && f.rst) {
      r.check_history(side, history_bit::fin_rst, 'I');
    } else {
      r.check_history(side, history_bit::multi_flag, 'Q');
    }
    return;
  }
  if (control == 1) {
    // S/H, F and R repeat when their sequence number moves.
    if (f.syn) {
      const char letter = f.ack ? 'H' : 'S';
      if (r.check_history(side, history_bit::syn, letter) && rel_seq != ep.hist_last_syn)
        r.add_history(side, letter);
      ep.hist_last_syn = rel_seq;
    }
    if (f.fin) {
      if (r.check_history(side, history_bit::fin, 'F') && rel_seq + len != ep.hist_last_fin)
        r.add_history(side, 'F');
      ep.hist_last_fin = rel_seq + len;
    }
    if (f.rst) {
      if (r.check_history(side, history_bit::rst, 'R') && rel_seq != ep.hist_last_rst)
        r.add_history(side, 'R');
      ep.hist_last_rst = rel_seq;
    }
    return;
  }
  if (len > 0) {
    r.check_history(side, history_bit::data, 'D');
  } else if (f.ack) {
    r.check_history(side, history_bit::ack, 'A');
  }
}

void update_peer_ack(TcpEndpoint& peer, std::uint32_t ack) {
  const std::int32_t delta = static_cast<std::int32_t>(ack - peer.ack_abs);
  // An ack of 0 far ahead is more likely broken than a connection landing on 0.
  if (ack == 0 && delta > kTooLargeSeqDelta) return;
  if (delta > 0) peer.update_ack(ack);
}

// Returns true when the packet only repeated sequence space already seen.
bool update_last_seq(TcpEndpoint& ep, std::uint32_t end, Flags f, std::int64_t len) {
  const std::int32_t delta = static_cast<std::int32_t>(end - ep.last_abs);
  if ((f.syn || f.rst) && (delta > kTooLargeSeqDelta || delta < -kTooLargeSeqDelta)) return false;
  if (f.fin && ep.last_rel == 1) {
    ep.update_last(end);  // only SYN and FIN seen: trust the FIN even across 2 GB
  } else if (ep.state == State::reset) {
    // nothing after a RST is trusted
  } else if (delta > 0) {
    ep.update_last(end);
  } else if (len > 0) {
    return true;
  }
  return false;
}

// Returns whether the roles flipped (a SYN answered "before" it was sent).
bool update_inactive(TrackedFlow& r, int side, Flags f, std::uint32_t seq, std::int64_t ts,
                     const TcpTimers& timers) {
  TcpEndpoint& ep = r.tcp[side];
  TcpEndpoint& peer = r.tcp[1 - side];
  const bool is_orig = side == 0;
  bool flip = false;
  if (f.syn) {
    if (is_orig) {
      ep.set_state(f.ack ? State::syn_ack_sent : State::syn_sent);
      if (timers.attempt_delay_ns > 0) r.attempt_deadline_ns = ts + timers.attempt_delay_ns;
    } else {
      if (!f.ack && peer.state == State::syn_ack_sent && seq == ep.start_seq) {
        // SYN-ACK captured before its SYN: the SYN's sender is the originator.
        flip = true;
        peer.set_state(State::established);
      }
      if (peer.state == State::syn_sent) peer.set_state(State::established);
      ep.set_state(State::established);
    }
  }
  if (f.fin) ep.set_state(State::closed);
  if (f.rst) ep.set_state(State::reset);
  return flip;
}

void update_established(TcpEndpoint& ep, TcpEndpoint& peer, Flags f) {
  if (f.syn && ep.state == State::partial && peer.state == State::inactive && !f.ack)
    ep.set_state(State::syn_sent);
  if (f.fin && !f.rst) {
    ep.set_state(State::closed);
    // FIN after the peer's FIN+RST was a normal close after all.
    if (peer.state == State::reset && peer.prev_state == State::closed)
      peer.set_state(State::closed);
  }
  if (f.rst) ep.set_state(State::reset);
}

void connection_closed(TrackedFlow& r, int side, const TcpTimers& timers) {
  TcpEndpoint& ep = r.tcp[side];
  const TcpEndpoint& peer = r.tcp[1 - side];
  if (ep.did_close) return;
  ep.did_close = true;
  const bool complete = ep.state == State::reset || peer.did_close || peer.state == State::inactive;
  if (complete) r.close_deadline_ns = r.last_ns + timers.close_delay_ns;
}

// The peer acknowledged up to `rel_ack` of `data_side`'s stream: bytes below it never seen are
// missed (a content gap).
void ack_received(TrackedFlow& r, int data_side, std::int64_t rel_ack, bool closing_packet) {
  TcpEndpoint& ep = r.tcp[data_side];
  if (ep.state == State::inactive) return;
  std::int64_t limit = rel_ack;
  if (ep.fin_rel > 0 && limit >= ep.fin_rel) limit = ep.fin_rel - 1;  // the FIN is no data
  if (limit <= ep.delivered_rel) return;
  std::int64_t gap = limit - ep.delivered_rel;
  if (ep.ooo_end > ep.ooo_begin) {
    const std::int64_t covered =
        std::min(limit, ep.ooo_end) - std::max(ep.delivered_rel, ep.ooo_begin);
    if (covered > 0) gap -= covered;
  }
  ep.delivered_rel = limit;
  ep.absorb_out_of_order();
  if (gap <= 0) return;
  r.missed_bytes += static_cast<std::uint64_t>(gap);
  // Gaps revealed by a FIN or RST at the very end are unreliable; Zeek keeps them out of history.
  if (!closing_packet && ep.gaps.hit()) r.add_history(data_side, 'G');
}

void flip_roles(TrackedFlow& r) {
  std::swap(r.orig_ip, r.resp_ip);
  std::swap(r.orig_port, r.resp_port);
  std::swap(r.macs[0], r.macs[1]);
  std::swap(r.first_flags[0], r.first_flags[1]);
  std::swap(r.tcp[0], r.tcp[1]);
  // Packet counters stay where they were counted, as in Zeek.
  r.history.push('^');
}

void accept_data(TcpEndpoint& ep, std::int64_t begin, std::int64_t len, TcpPacketResult& out) {
  const std::int64_t end = begin + len;
  if (end <= ep.delivered_rel) return;  // all of it seen before
  if (begin <= ep.delivered_rel) {
    out.in_order = true;
    out.skip = static_cast<std::uint32_t>(ep.delivered_rel - begin);
    ep.delivered_rel = end;
    ep.absorb_out_of_order();
    return;
  }
  out.out_of_order = true;
  if (ep.ooo_end <= ep.ooo_begin) {
    ep.ooo_begin = begin;
    ep.ooo_end = end;
  } else {
    // One range per side keeps the record fixed-size; a second range widens the first.
    ep.ooo_begin = std::min(ep.ooo_begin, begin);
    ep.ooo_end = std::max(ep.ooo_end, end);
  }
}

}  // namespace

TcpPacketResult track_tcp_packet(TrackedFlow& r, const DecodedPacket& p, int side,
                                 const TcpTimers& timers) {
  TcpPacketResult out;
  const Flags f = flags_of(p.tcp_flags);
  const std::int64_t len = p.payload_length;
  std::int64_t seg_len = len + int{f.syn} + int{f.fin};
  if (f.rst) seg_len -= len;  // RST payload is not part of the stream
  const std::uint32_t seq = p.tcp_seq;
  const std::uint32_t end = seq + static_cast<std::uint32_t>(seg_len);

  TcpEndpoint* ep = &r.tcp[side];
  TcpEndpoint* peer = &r.tcp[1 - side];
  init_endpoint(*ep, f, seq, end);
  const std::int64_t rel_seq = ep->relative_seq(seq);
  const bool underflow = rel_seq < 0;

  update_history(r, side, f, rel_seq, len);
  if (p.tcp_window == 0 && !f.rst && peer->state != State::closed && ep->state != State::reset &&
      ep->zero_windows.hit())
    r.add_history(side, 'W');

  if (!r.tcp[0].did_close || !r.tcp[1].did_close) r.last_ns = p.ts_ns;

  if (f.fin) {
    ++ep->fin_count;
    ep->fin_rel = rel_seq + seg_len;
  }

  std::int64_t rel_ack = 0;
  if (f.ack) {
    if (peer->state == State::inactive) {
      // Number the silent peer's bytes as if its SYN had been seen.
      rel_ack = 1;
      peer->init(p.tcp_ack - 1, p.tcp_ack - 1);
    } else {
      rel_ack = peer->relative_ack(p.tcp_ack);
      if (rel_ack < 0) {
        rel_ack = 0;
      } else if (!f.rst) {
        update_peer_ack(*peer, p.tcp_ack);  // acks in RSTs are not trusted
      }
    }
  }

  if (update_last_seq(*ep, end, f, len) && ep->retransmissions.hit()) r.add_history(side, 'T');

  bool do_close = false;
  bool flipped = false;
  switch (ep->state) {
    case State::inactive:
      flipped = update_inactive(r, side, f, seq, p.ts_ns, timers);
      if (ep->state == State::inactive) {
        const bool is_orig = side == 0;
        if (!is_orig && len == 0 && r.tcp[0].state == State::syn_sent) {
          // Some stacks ack a SYN before answering it; that is no partial connection.
        } else if (f.ack && peer->state == State::established) {
          ep->set_state(State::established);  // SYN missed, SYN-ACK seen, now its ACK
        } else {
          ep->set_state(State::partial);
        }
      }
      do_close = f.fin || f.rst;
      break;
    case State::syn_sent:
    case State::syn_ack_sent:
      if (f.fin) ep->set_state(State::closed);
      if (f.rst) ep->set_state(State::reset);
      do_close = f.fin || f.rst;
      break;
    case State::established:
    case State::partial:
      update_established(*ep, *peer, f);
      do_close = f.fin || f.rst;
      break;
    case State::closed:
      // A RST after our FIN ends it unless both sides had already said FIN.
      if (f.rst && peer->state != State::closed) {
        ep->set_state(State::reset);
        do_close = !ep->did_close;
      }
      break;
    case State::reset:
      break;
  }

  if (flipped) {
    flip_roles(r);
    side = 1 - side;
    ep = &r.tcp[side];
    peer = &r.tcp[1 - side];
  }
  out.side = side;

  if (f.ack) ack_received(r, 1 - side, rel_ack, f.fin || f.rst);

  if (len > 0 && !f.rst && !underflow) accept_data(*ep, f.syn ? rel_seq + 1 : rel_seq, len, out);

  if (do_close) connection_closed(r, side, timers);
  return out;
}

bool tcp_packet_reuses(const TrackedFlow& r, const DecodedPacket& p) {
  const Flags f = flags_of(p.tcp_flags);
  if (!f.syn) return false;
  const TcpEndpoint* conn_orig = &r.tcp[0];
  if (f.ack) {
    if (r.tcp[0].state != State::inactive) return false;
    conn_orig = &r.tcp[1];  // a half connection: the SYN-ACK side counts
  }
  const bool closed = r.tcp[0].did_close || r.tcp[1].did_close;
  if (closed) return true;
  if (p.tcp_seq == conn_orig->start_seq) return false;  // a retransmitted SYN
  // The SYN of a SYN/SYN-ACK pair captured in reverse order is no reuse either.
  return f.ack || conn_orig->state != State::syn_ack_sent || r.tcp[1].state != State::inactive ||
         p.tcp_seq != r.tcp[1].start_seq;
}

void finish_tcp_gaps(TrackedFlow& r) {
  for (TcpEndpoint& ep : r.tcp) {
    if (ep.ooo_end > ep.ooo_begin && ep.ooo_begin > ep.delivered_rel) {
      r.missed_bytes += static_cast<std::uint64_t>(ep.ooo_begin - ep.delivered_rel);
      ep.delivered_rel = ep.ooo_end;
      ep.ooo_begin = ep.ooo_end = 0;
    }
  }
}

namespace {

// Zeek's RSTOS0 test: history matches ^?S[^HAFGIQ]*R.*
bool looks_like_syn_then_rst(std::string_view history) {
  std::size_t i = 0;
  if (i < history.size() && history[i] == '^') ++i;
  if (i >= history.size() || history[i] != 'S') return false;
  for (++i; i < history.size(); ++i) {
    const char c = history[i];
    if (c == 'R') return true;
    if (std::string_view("HAFGIQ").find(c) != std::string_view::npos) return false;
  }
  return false;
}

}  // namespace

ZeekConnState tcp_conn_state(const TrackedFlow& r) {
  const TcpEndpoint& orig = r.tcp[0];
  const TcpEndpoint& resp = r.tcp[1];
  const State os = orig.state;
  const State rs = resp.state;
  const bool o_inactive = os == State::inactive || os == State::partial;
  const bool r_inactive = rs == State::inactive || rs == State::partial;
  if (rs == State::reset) {
    if (os == State::syn_sent || os == State::syn_ack_sent ||
        (os == State::reset && orig.size(rs) == 0 && resp.size(os) == 0))
      return ZeekConnState::REJ;
    return o_inactive ? ZeekConnState::RSTRH : ZeekConnState::RSTR;
  }
  if (os == State::reset) {
    if (r_inactive)
      return looks_like_syn_then_rst(r.history.view()) ? ZeekConnState::RSTOS0 : ZeekConnState::OTH;
    return ZeekConnState::RSTO;
  }
  if (rs == State::closed && os == State::closed) return ZeekConnState::SF;
  if (os == State::closed) return r_inactive ? ZeekConnState::SH : ZeekConnState::S2;
  if (rs == State::closed) return o_inactive ? ZeekConnState::SHR : ZeekConnState::S3;
  if (os == State::syn_sent && rs == State::inactive) return ZeekConnState::S0;
  if (os == State::established && rs == State::established) return ZeekConnState::S1;
  return ZeekConnState::OTH;
}

}  // namespace iotscope
