#pragma once
// Does the gateway speak NAT-PMP (RFC 6886) or PCP (RFC 6887) on UDP 5351? One harmless
// request each: NAT-PMP's external-address request (version 0, opcode 0) and a PCP ANNOUNCE
// (version 2, opcode 0), which map nothing. Each goes from its own connected socket, so a reply
// is known to be the gateway's and to answer that request.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "model/observation.hpp"
#include "probe/discovery_common.hpp"

namespace iotscope {

struct NatPmpAnswer {
  bool answered = false;
  std::uint16_t result_code = 0;  // 0 = success
  std::uint32_t epoch = 0;        // seconds since the gateway's mapping table started
  std::string external_address;
  std::string note;  // "no reply", "port unreachable", "unparsable reply: ..."
};

struct PcpAnswer {
  bool answered = false;
  std::uint8_t version = 0;       // 2; 0 when a NAT-PMP-only gateway answered "unsupported"
  std::uint16_t result_code = 0;  // 0 = SUCCESS; 1 = UNSUPP_VERSION
  std::uint32_t epoch = 0;
  std::uint32_t lifetime = 0;
  std::string note;
};

struct NatGatewayCheck {
  IpAddress gateway;
  NatPmpAnswer natpmp;
  PcpAnswer pcp;
  double ts = 0;
  std::string error;  // set when nothing was sent (refused target, socket failure)
};

struct NatCheckOptions {
  std::chrono::milliseconds wait{750};  // per attempt; RFC 6886 starts retries at 250 ms
  int attempts = 2;
};

NatGatewayCheck check_natpmp_pcp(const IpAddress& gateway, const AddressAllowed& allowed,
                                 const NatCheckOptions& options = {});

// One "nat_gateway_check" Observation (peer = gateway, port 5351): natpmp_answered,
// natpmp_result, natpmp_epoch, external_address, pcp_answered, pcp_version, pcp_result,
// pcp_epoch.
Observation nat_check_observation(const NatGatewayCheck& check);

}  // namespace iotscope
