#pragma once
// The table's packed per-connection record. Index 0 of every pair is the originator, 1 the
// responder. Lives in a pool, found through FlowIndex; never allocates.
#include <array>
#include <cstdint>

#include "decode/decoded_packet.hpp"
#include "flows/connection.hpp"
#include "flows/tcp_endpoint.hpp"
#include "model/ip_address.hpp"

namespace iotscope {

// Which letters a side already put into the history (those that appear once per side).
namespace history_bit {
inline constexpr std::uint32_t data = 1u << 0;
inline constexpr std::uint32_t ack = 1u << 1;
inline constexpr std::uint32_t syn = 1u << 2;
inline constexpr std::uint32_t fin = 1u << 3;
inline constexpr std::uint32_t rst = 1u << 4;
inline constexpr std::uint32_t fin_rst = 1u << 5;
inline constexpr std::uint32_t multi_flag = 1u << 6;
}  // namespace history_bit

struct TrackedFlow {
  std::int64_t start_ns = 0;
  std::int64_t last_ns = 0;
  std::int64_t expire_ns = 0;            // the earliest time a timer ends this connection
  std::int64_t listed_expire_ns = 0;     // what the table's deadline list holds: <= expire_ns
  std::int64_t attempt_deadline_ns = 0;  // 0: no attempt timer
  std::int64_t close_deadline_ns = 0;    // 0: close not complete
  std::uint64_t uid = 0;
  std::array<std::uint64_t, 2> pkts{};
  std::array<std::uint64_t, 2> ip_bytes{};
  std::array<std::uint64_t, 2> payload_bytes{};  // UDP/ICMP bytes
  std::array<std::uint64_t, 2> payload_pkts{};
  std::uint64_t missed_bytes = 0;
  std::array<TcpEndpoint, 2> tcp{};
  IpAddress orig_ip;
  IpAddress resp_ip;
  std::uint16_t orig_port = 0;
  std::uint16_t resp_port = 0;
  std::uint16_t vlan = 0;
  std::uint16_t inner_vlan = 0;
  std::uint32_t hash_tag = 0;
  std::uint32_t hook_slot = 0;
  std::uint32_t history_seen = 0;  // orig bits low, resp bits << 16
  std::array<MacAddress, 2> macs{};
  std::array<std::uint8_t, 2> first_flags{};  // TCP flags of each side's first packet
  HistoryText history;
  std::uint8_t ip_protocol = 0;
  Transport transport = Transport::other;
  bool one_way = false;  // ICMP messages without a counterpart type match one direction only
  bool has_macs = false;
  bool live = false;
  bool hook_wants_payload = false;

  // Adds `letter` (upper case for the originator) the first time a side shows it; returns
  // whether the side had shown it before.
  bool check_history(int side, std::uint32_t bit, char letter) {
    const std::uint32_t mask = side == 0 ? bit : bit << 16;
    if ((history_seen & mask) != 0) return true;
    history_seen |= mask;
    add_history(side, letter);
    return false;
  }
  void add_history(int side, char letter) {
    history.push(side == 0 ? letter : static_cast<char>(letter - 'A' + 'a'));
  }
  bool responder_silent() const { return pkts[1] == 0; }
};

}  // namespace iotscope
