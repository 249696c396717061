#include "analyses/mapping_exposure.hpp"

#include <map>
#include <string>
#include <tuple>

#include "analyses/evidence.hpp"
#include "analyses/observation_fields.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

constexpr std::uint16_t kNtpPort = 123;

Transport mapping_transport(const Observation& o) {
  return parse_transport(field_text(o, "protocol")).value_or(Transport::tcp);
}

std::string_view mapping_kind(const std::string& kind) {
  // A listed mapping (`iotscope probe` asking the gateway) is the same hole, confirmed.
  if (kind == "upnp_add_port_mapping" || kind == "upnp_add_any_port_mapping" ||
      kind == "upnp_port_mapping") {
    return "upnp_mapping";
  }
  if (kind == "natpmp_mapping") return "natpmp_mapping";
  if (kind == "pcp_mapping") return "pcp_mapping";
  return {};
}

// A request asks; a response with result 0 confirms. A NAT-PMP / PCP lifetime of 0 deletes.
bool opens_a_hole(const Observation& o) {
  if (field_flag(o, "response") && field_count(o, "result") != 0) return false;
  return field_text(o, "lifetime") != "0";
}

Exposure mapping(const Observation& o, std::string_view kind) {
  Exposure e;
  e.device = o.device;
  e.port = static_cast<std::uint16_t>(field_count(o, "external_port"));
  e.transport = mapping_transport(o);
  e.kind = std::string(kind);
  const auto internal_port = static_cast<std::uint16_t>(field_count(o, "internal_port"));
  e.service = std::string(service_info(internal_port, e.transport).name);
  e.confidence = field_flag(o, "response") ? 0.99 : 0.95;
  e.evidence = {{"internal_port", evidence_count(internal_port)},
                {"first_seen", EvidenceValue{o.ts}},
                {"gateway", EvidenceValue{o.peer.to_string()}}};
  for (const char* name : {"internal_client", "lease", "lifetime", "description"}) {
    const std::string_view value = field_text(o, name);
    if (!value.empty()) e.evidence.emplace_back(name, EvidenceValue{std::string(value)});
  }
  return e;
}

Exposure ntp_responder(const Observation& o) {
  Exposure e;
  e.device = o.device;
  e.port = kNtpPort;
  e.transport = Transport::udp;
  e.kind = "ntp_responder";
  e.service = "ntp";
  const bool monlist = field_flag(o, "monlist");
  e.confidence = monlist ? 0.99 : 0.9;
  e.evidence = {{"mode", evidence_count(field_count(o, "mode"))},
                {"monlist", EvidenceValue{std::string(monlist ? "true" : "false")}},
                {"first_seen", EvidenceValue{o.ts}}};
  return e;
}

}  // namespace

std::vector<Exposure> find_mapping_exposure(const std::vector<Observation>& observations) {
  // One finding per device, hole and kind: repeated requests (lease renewals) are one hole.
  std::map<std::tuple<DeviceKey, std::uint16_t, Transport, std::string>, Exposure> found;
  for (const auto& o : observations) {
    if (const auto kind = mapping_kind(o.kind); !kind.empty()) {
      if (!opens_a_hole(o)) continue;
      Exposure e = mapping(o, kind);
      found.try_emplace({e.device, e.port, e.transport, e.kind}, std::move(e));
    } else if (o.kind == "ntp_mode") {
      // A device answering mode 6 or 7 (the sender of such a reply) will answer anyone.
      const auto mode = field_count(o, "mode");
      if ((mode != 6 && mode != 7) || field_count(o, "sender_port") != kNtpPort) continue;
      Exposure e = ntp_responder(o);
      found.try_emplace({e.device, e.port, e.transport, e.kind}, std::move(e));
    }
  }
  std::vector<Exposure> out;
  out.reserve(found.size());
  for (auto& [key, e] : found) out.push_back(std::move(e));
  return out;
}

}  // namespace iotscope
