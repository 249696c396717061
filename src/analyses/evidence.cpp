#include "analyses/evidence.hpp"

namespace iotscope {

Evidence port_role_evidence(const PortRole& role) {
  const PortRoleFacts& f = role.facts;
  return {
      {"rule", EvidenceValue{std::string(f.rule)}},
      {"flows", evidence_count(f.flows)},
      {role.role == Role::client ? "distinct_local_ports" : "distinct_remote_ports",
       evidence_count(f.other_ports)},
      {role.role == Role::peer ? "peer_devices" : "distinct_remote_hosts",
       evidence_count(f.other_hosts)},
      {"initiated_by_device", evidence_count(f.initiated_by_device)},
      {"initiated_by_remote", evidence_count(f.initiated_by_remote)},
      {"initiator_unknown", evidence_count(f.initiator_unknown)},
      {"bytes", evidence_count(f.bytes)},
  };
}

}  // namespace iotscope
