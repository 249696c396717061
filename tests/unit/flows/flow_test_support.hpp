#pragma once
// Hand-made packets for flow table tests: the fields a decoder would fill, nothing else.
#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "decode/decoded_packet.hpp"
#include "flows/connection.hpp"
#include "flows/flow_table.hpp"

namespace iotscope::flows_test {

inline constexpr std::uint8_t S = tcp_flag::syn;
inline constexpr std::uint8_t SA = tcp_flag::syn | tcp_flag::ack;
inline constexpr std::uint8_t A = tcp_flag::ack;
inline constexpr std::uint8_t PA = tcp_flag::psh | tcp_flag::ack;
inline constexpr std::uint8_t FA = tcp_flag::fin | tcp_flag::ack;
inline constexpr std::uint8_t F = tcp_flag::fin;
inline constexpr std::uint8_t R = tcp_flag::rst;
inline constexpr std::uint8_t RA = tcp_flag::rst | tcp_flag::ack;

inline std::int64_t at(double seconds) {
  return static_cast<std::int64_t>(seconds * 1e9 + (seconds >= 0 ? 0.5 : -0.5));
}

// Payload bytes for packets: a fixed pattern so inspection tests can check offsets.
inline std::span<const std::uint8_t> pattern_bytes(std::size_t offset, std::size_t size) {
  static const std::vector<std::uint8_t> bytes = [] {
    std::vector<std::uint8_t> b(1 << 17);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i * 7 + i / 251);
    return b;
  }();
  return std::span<const std::uint8_t>(bytes).subspan(offset % 4096, size);
}

inline DecodedPacket ip_packet(std::int64_t ts_ns, std::string_view src, std::string_view dst,
                               std::uint8_t protocol) {
  DecodedPacket p;
  p.ts_ns = ts_ns;
  p.kind = PacketKind::ip;
  p.src_ip = *IpAddress::parse(src);
  p.dst_ip = *IpAddress::parse(dst);
  p.ip_version = p.src_ip.is_v4() ? 4 : 6;
  p.ip_protocol = protocol;
  return p;
}

inline DecodedPacket tcp(std::int64_t ts_ns, std::string_view src, std::uint16_t sport,
                         std::string_view dst, std::uint16_t dport, std::uint8_t flags,
                         std::uint32_t seq, std::uint32_t ack, std::uint32_t len = 0,
                         std::uint16_t window = 8192) {
  DecodedPacket p = ip_packet(ts_ns, src, dst, ip_protocol::tcp);
  p.src_port = sport;
  p.dst_port = dport;
  p.tcp_flags = flags;
  p.tcp_seq = seq;
  p.tcp_ack = ack;
  p.tcp_window = window;
  p.payload_length = len;
  p.payload = pattern_bytes(seq, len);
  p.ip_length = 40 + len;
  return p;
}

inline DecodedPacket udp(std::int64_t ts_ns, std::string_view src, std::uint16_t sport,
                         std::string_view dst, std::uint16_t dport, std::uint32_t len) {
  DecodedPacket p = ip_packet(ts_ns, src, dst, ip_protocol::udp);
  p.src_port = sport;
  p.dst_port = dport;
  p.payload_length = len;
  p.payload = pattern_bytes(0, len);
  p.ip_length = 28 + len;
  return p;
}

inline DecodedPacket icmp(std::int64_t ts_ns, std::string_view src, std::string_view dst,
                          std::uint8_t type, std::uint8_t code, std::uint32_t len) {
  DecodedPacket p = ip_packet(ts_ns, src, dst, ip_protocol::icmp);
  if (!p.src_ip.is_v4()) p.ip_protocol = ip_protocol::icmpv6;
  p.icmp_type = type;
  p.icmp_code = code;
  p.src_port = type;
  p.dst_port = code;
  p.payload_length = len;
  p.payload = pattern_bytes(0, len);
  p.ip_length = (p.src_ip.is_v4() ? 28 : 48) + len;
  return p;
}

// A table whose sink keeps every emitted connection.
struct Recorder {
  std::vector<Connection> connections;
  FlowTable table;

  explicit Recorder(FlowTableConfig config = {}, PayloadHook* hook = nullptr,
                    LikelyServerPorts ports = LikelyServerPorts::defaults())
      : table(
            config, [this](const Connection& c) { connections.push_back(c); }, hook, ports) {}

  Recorder& operator<<(const DecodedPacket& p) {
    table.process(p);
    return *this;
  }
  // Flushes and returns the single connection the test expects.
  const Connection& only() {
    table.flush_all();
    if (connections.size() != 1) throw std::runtime_error("expected exactly one connection");
    return connections.front();
  }
};

// A client 10.0.0.1:40000 talking to a server 10.0.0.2:80; ISNs 1000 (client), 5000 (server).
inline constexpr std::string_view kClient = "10.0.0.1";
inline constexpr std::string_view kServer = "10.0.0.2";
inline constexpr std::uint16_t kClientPort = 40000;
inline constexpr std::uint16_t kServerPort = 80;

inline DecodedPacket c2s(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                         std::uint32_t len = 0, std::uint16_t window = 8192) {
  return tcp(at(t), kClient, kClientPort, kServer, kServerPort, flags, seq, ack, len, window);
}
inline DecodedPacket s2c(double t, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                         std::uint32_t len = 0, std::uint16_t window = 8192) {
  return tcp(at(t), kServer, kServerPort, kClient, kClientPort, flags, seq, ack, len, window);
}

// The handshake every established case starts with.
inline void handshake(Recorder& r) {
  r << c2s(0.0, S, 1000, 0) << s2c(0.1, SA, 5000, 1001) << c2s(0.2, A, 1001, 5001);
}

}  // namespace iotscope::flows_test
