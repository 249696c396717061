#include "sources/pcap/connection_to_zeek.hpp"

#include <optional>
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

void write_mac_text(const MacAddress& m, std::string& text) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  text.assign(m.size() * 3 - 1, ':');
  for (std::size_t i = 0; i < m.size(); ++i) {
    text[i * 3] = kHex[m[i] >> 4];
    text[i * 3 + 1] = kHex[m[i] & 0xF];
  }
}

void write_zeek_uid(std::uint64_t id, std::string& uid) {
  static constexpr std::string_view kDigits =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  uid.assign(18, '0');
  uid[0] = 'C';
  for (std::size_t i = uid.size() - 1; i > 0; --i) {
    uid[i] = kDigits[id % kDigits.size()];
    id /= kDigits.size();
  }
}

// The optional's string, made present, reusing its buffer when it was present before.
std::string& present(std::optional<std::string>& field) {
  if (!field) field.emplace();
  return *field;
}

void set_text(std::optional<std::string>& field, std::string_view text) {
  present(field).assign(text);
}

void set_mac(std::optional<std::string>& field, bool has_mac, const MacAddress& mac) {
  if (has_mac) {
    write_mac_text(mac, present(field));
  } else {
    field.reset();
  }
}

}  // namespace

std::string mac_text(const MacAddress& m) {
  std::string text;
  write_mac_text(m, text);
  return text;
}

std::string zeek_uid(std::uint64_t id) {
  std::string uid;
  write_zeek_uid(id, uid);
  return uid;
}

void fill_zeek_conn(const Connection& c, const std::string& service, const LocalNetworks& local,
                    ZeekConn& z) {
  z.ts = seconds_from_ns(c.start_ns);
  write_zeek_uid(c.uid, z.uid);
  z.orig_h = c.orig.ip;
  z.orig_p = c.orig.port;
  z.resp_h = c.resp.ip;
  z.resp_p = c.resp.port;
  set_text(z.proto, proto_name(c.ip_protocol));
  if (service.empty()) {
    z.service.reset();
  } else {
    set_text(z.service, service);
  }
  // Zeek leaves duration and the payload byte counts unset for a connection of one instant.
  z.duration.reset();
  z.orig_bytes.reset();
  z.resp_bytes.reset();
  if (c.has_duration()) {
    z.duration = seconds_from_ns(c.duration_ns());
    z.orig_bytes = c.orig_bytes;
    z.resp_bytes = c.resp_bytes;
  }
  set_text(z.conn_state, conn_state_name(c.state));
  z.local_orig = local.contains(c.orig.ip);
  z.local_resp = local.contains(c.resp.ip);
  z.missed_bytes = c.missed_bytes;
  set_text(z.history, c.history.view());
  z.orig_pkts = c.orig_pkts;
  z.orig_ip_bytes = c.orig_ip_bytes;
  z.resp_pkts = c.resp_pkts;
  z.resp_ip_bytes = c.resp_ip_bytes;
  z.tunnel_parents.reset();
  z.ip_proto.reset();
  set_mac(z.orig_l2_addr, c.orig.has_mac, c.orig.mac);
  set_mac(z.resp_l2_addr, c.resp.has_mac, c.resp.mac);
  z.extra.clear();
}

}  // namespace iotscope
