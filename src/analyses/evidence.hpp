#pragma once
// Reading and writing the named facts behind findings.
#include <cstdint>
#include <string_view>
#include <vector>

#include "analyses/result.hpp"

namespace iotscope {

inline EvidenceValue evidence_count(std::uint64_t value) {
  return EvidenceValue{static_cast<std::int64_t>(value)};
}

inline EvidenceValue evidence_ports(const std::vector<std::uint16_t>& ports) {
  std::vector<std::int64_t> values(ports.begin(), ports.end());
  return EvidenceValue{std::move(values)};
}

// The integer named `name`, or 0 when the finding carries no such integer.
inline std::int64_t evidence_int(const Evidence& evidence, std::string_view name) {
  for (const auto& [key, value] : evidence) {
    if (key != name) continue;
    if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  }
  return 0;
}

// A port role's facts by name: "distinct_remote_ports" or, for a client role,
// "distinct_local_ports"; "distinct_remote_hosts" or, for a peer role, "peer_devices".
Evidence port_role_evidence(const PortRole& role);

}  // namespace iotscope
