#include "sources/pcap/connection_to_zeek.hpp"

#include <string_view>

#include "util/nanoseconds.hpp"

namespace iotscope {
namespace {

std::string_view proto_name(std::uint8_t protocol) {
  switch (protocol) {
    case ip_protocol::tcp:
      return "tcp";
    case ip_protocol::udp:
      return "udp";
    case ip_protocol::icmp:
    case ip_protocol::icmpv6:
      return "icmp";
    default:
      return "unknown_transport";
  }
}

}  // namespace

std::string mac_text(const MacAddress& m) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string text(m.size() * 3 - 1, ':');
  for (std::size_t i = 0; i < m.size(); ++i) {
    text[i * 3] = kHex[m[i] >> 4];
    text[i * 3 + 1] = kHex[m[i] & 0xF];
  }
  return text;
}

std::string zeek_uid(std::uint64_t id) {
  static constexpr std::string_view kDigits =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string uid(18, '0');
  uid[0] = 'C';
  for (std::size_t i = uid.size() - 1; i > 0; --i) {
    uid[i] = kDigits[id % kDigits.size()];
    id /= kDigits.size();
  }
  return uid;
}

ZeekConn to_zeek_conn(const Connection& c, const std::string& service, const LocalNetworks& local) {
  ZeekConn z;
  z.ts = seconds_from_ns(c.start_ns);
  z.uid = zeek_uid(c.uid);
  z.orig_h = c.orig.ip;
  z.orig_p = c.orig.port;
  z.resp_h = c.resp.ip;
  z.resp_p = c.resp.port;
  z.proto = std::string(proto_name(c.ip_protocol));
  if (!service.empty()) z.service = service;
  // Zeek leaves duration and the payload byte counts unset for a connection of one instant.
  if (c.has_duration()) {
    z.duration = seconds_from_ns(c.duration_ns());
    z.orig_bytes = c.orig_bytes;
    z.resp_bytes = c.resp_bytes;
  }
  z.conn_state = std::string(conn_state_name(c.state));
  z.local_orig = local.contains(c.orig.ip);
  z.local_resp = local.contains(c.resp.ip);
  z.missed_bytes = c.missed_bytes;
  z.history = std::string(c.history.view());
  z.orig_pkts = c.orig_pkts;
  z.orig_ip_bytes = c.orig_ip_bytes;
  z.resp_pkts = c.resp_pkts;
  z.resp_ip_bytes = c.resp_ip_bytes;
  if (c.orig.has_mac) z.orig_l2_addr = mac_text(c.orig.mac);
  if (c.resp.has_mac) z.resp_l2_addr = mac_text(c.resp.mac);
  return z;
}

}  // namespace iotscope
