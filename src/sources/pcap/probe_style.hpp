#pragma once
// Which kind of scan probe a connection looks like, from how it went: nmap and masscan leave
// distinct traces in the TCP handshake (docs/observations.md, scan_probes).
#include <cstdint>
#include <string_view>

#include "flows/connection.hpp"

namespace iotscope {

enum class ProbeStyle : std::uint8_t {
  none,     // a real conversation, or nothing a scanner would leave
  syn,      // SYN, SYN-ACK, then the prober's RST: a half-open (SYN) scan of an open port
  connect,  // handshake completed, then reset or closed without a byte: a connect scan
  tcp,      // SYN refused or unanswered: connect and SYN scans look alike on closed ports
  fin,
  null,
  xmas,
  udp,  // a datagram that got no answer
};

std::string_view to_string(ProbeStyle style);

// `first_flags` are the TCP flags of the originator's first packet.
ProbeStyle probe_style(const Connection& connection, std::uint8_t first_flags);

}  // namespace iotscope
