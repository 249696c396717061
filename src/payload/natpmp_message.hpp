#pragma once
// NAT-PMP (RFC 6886, UDP 5351): a device asking its router for the external address or for a
// port mapping, and the router's answers.
#include <cstdint>
#include <string>

#include "payload/byte_reader.hpp"
#include "payload/parse_result.hpp"

namespace iotscope {

enum class NatPmpOperation : std::uint8_t { external_address, map_udp, map_tcp };

struct NatPmpMessage {
  bool is_response = false;
  NatPmpOperation operation = NatPmpOperation::external_address;
  std::uint16_t result_code = 0;          // response only; 0 = success
  std::uint32_t seconds_since_epoch = 0;  // response only
  std::string external_address;           // external-address response only
  std::uint16_t internal_port = 0;        // map operations
  std::uint16_t external_port = 0;        // request: suggested; response: assigned
  std::uint32_t lifetime = 0;             // seconds; 0 in a request deletes the mapping
};

ParseResult<NatPmpMessage> parse_natpmp_message(ByteSpan bytes);

}  // namespace iotscope
