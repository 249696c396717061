#include "sources/pcap/probe_style.hpp"

#include "decode/decoded_packet.hpp"

namespace iotscope {
namespace {

bool has(std::string_view history, char letter) {
  return history.find(letter) != std::string_view::npos;
}

ProbeStyle tcp_style(const Connection& c, std::uint8_t first_flags) {
  const std::string_view history = c.history.view();
  constexpr std::uint8_t kXmas = tcp_flag::fin | tcp_flag::psh | tcp_flag::urg;
  if ((first_flags & tcp_flag::syn) == 0) {
    if (c.orig_bytes > 0 || c.resp_bytes > 0) return ProbeStyle::none;
    if ((first_flags & kXmas) == kXmas) return ProbeStyle::xmas;
    if (first_flags == tcp_flag::fin) return ProbeStyle::fin;
    if (first_flags == 0) return ProbeStyle::null;
    return ProbeStyle::none;
  }
  if (c.orig_bytes > 0) return ProbeStyle::none;  // the originator said something
  const bool answered = has(history, 'h');
  if (!answered) {
    // Unanswered (S0) or refused (REJ: the responder's RST).
    return c.resp_bytes == 0 ? ProbeStyle::tcp : ProbeStyle::none;
  }
  const bool orig_acked = has(history, 'A');
  const bool orig_reset = has(history, 'R');
  if (orig_reset && !orig_acked) return ProbeStyle::syn;
  if (orig_acked && (orig_reset || has(history, 'F')) && c.resp_bytes == 0) {
    return ProbeStyle::connect;
  }
  return ProbeStyle::none;
}

}  // namespace

std::string_view to_string(ProbeStyle style) {
  switch (style) {
    case ProbeStyle::syn:
      return "syn";
    case ProbeStyle::connect:
      return "connect";
    case ProbeStyle::tcp:
      return "tcp";
    case ProbeStyle::fin:
      return "fin";
    case ProbeStyle::null:
      return "null";
    case ProbeStyle::xmas:
      return "xmas";
    case ProbeStyle::udp:
      return "udp";
    case ProbeStyle::none:
      break;
  }
  return "none";
}

ProbeStyle probe_style(const Connection& c, std::uint8_t first_flags) {
  if (c.ip_protocol == ip_protocol::tcp) return tcp_style(c, first_flags);
  if (c.ip_protocol == ip_protocol::udp && c.resp_pkts == 0 && c.orig_pkts <= 2) {
    return ProbeStyle::udp;
  }
  return ProbeStyle::none;
}

}  // namespace iotscope
