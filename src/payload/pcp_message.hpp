#pragma once
// PCP (RFC 6887, UDP 5351), NAT-PMP's successor: MAP (inbound port mapping) and PEER (outbound
// mapping towards a known peer) requests and responses.
#include <cstdint>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

// The first byte of every PCP message; NAT-PMP, on the same port, has 0 there.
inline constexpr std::uint8_t kPcpVersion = 2;

enum class PcpOpcode : std::uint8_t { announce = 0, map = 1, peer = 2 };

struct PcpMessage {
  std::uint8_t version = 0;  // 2
  bool is_response = false;
  PcpOpcode opcode = PcpOpcode::announce;
  std::uint8_t result_code = 0;  // response only; 0 = SUCCESS
  std::uint32_t lifetime = 0;    // requested / granted seconds
  std::uint32_t epoch_time = 0;  // response only
  std::string client_address;    // request only: the PCP client's own address
  std::uint8_t protocol = 0;     // MAP / PEER: IANA protocol number, 6 = TCP, 17 = UDP, 0 = all
  std::uint16_t internal_port = 0;
  std::uint16_t external_port = 0;     // request: suggested; response: assigned
  std::string external_address;        // request: suggested; response: assigned
  std::uint16_t remote_peer_port = 0;  // PEER only
  std::string remote_peer_address;     // PEER only
};

ParseResult<PcpMessage> parse_pcp_message(ByteSpan bytes);

}  // namespace iotscope
