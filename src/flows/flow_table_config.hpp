#pragma once
// Limits and timeouts of the flow table. Defaults follow Zeek's (tcp_inactivity_timeout 5 min,
// udp/icmp 1 min, tcp_attempt_delay and tcp_close_delay 5 s).
#include <cstdint>

#include "util/nanoseconds.hpp"

namespace iotscope {

struct FlowTableConfig {
  std::uint32_t max_connections = 1u << 20;
  std::int64_t tcp_inactivity_ns = 300 * kNanosPerSecond;
  std::int64_t udp_inactivity_ns = 60 * kNanosPerSecond;
  std::int64_t icmp_inactivity_ns = 60 * kNanosPerSecond;
  std::int64_t other_inactivity_ns = 60 * kNanosPerSecond;
  // An originator SYN still unanswered this long after it was sent ends the connection (Zeek's
  // connection_attempt); later packets of the 5-tuple start a new one.
  std::int64_t tcp_attempt_delay_ns = 5 * kNanosPerSecond;
  // After FIN/FIN or a RST, stragglers still join the connection for this long.
  std::int64_t tcp_close_delay_ns = 5 * kNanosPerSecond;
  // Zeek's conn.log has no rows for IP protocols other than TCP, UDP and ICMP.
  bool track_other_protocols = false;
  // False: the table checks no record for expiry of its own accord; whoever drives it calls
  // expire() instead (the capture's workers, every second of network time, so that every
  // worker's table sweeps at the same network times whatever share of the packets it sees).
  // A connection whose timer ran out leaves the table, with the same record, at the next sweep
  // or when a packet of its 5-tuple comes, whichever is first.
  bool full_sweeps = true;
  // How often, in packet time, the table checks every record for expiry (when full_sweeps);
  // between these sweeps a record per packet is checked.
  std::int64_t full_sweep_interval_ns = 10 * kNanosPerSecond;
};

}  // namespace iotscope
