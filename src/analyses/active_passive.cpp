#include "analyses/active_passive.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "analyses/observation_fields.hpp"
#include "analyses/security_critical_services.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

using ServiceKey = PassiveUses::key_type;

bool serves(Role role) {
  return role == Role::server || role == Role::peer;
}

// A port counts as used when the role analysis calls the device its server (or peer), or when
// some peer was seen opening a connection to it. Port 0 holds folded single-use ports: never a
// service.
void add_passive_use_of(const Summaries& summaries, const std::vector<PortRole>& roles,
                        const std::set<DeviceKey>& devices, PassiveUses& use) {
  for (const auto& summary : summaries.local_ports) {
    if (summary.port == 0 || !devices.contains(summary.device)) continue;
    PassiveUse& entry = use[{summary.device, summary.port, summary.transport}];
    entry.flows += summary.totals.flows;
    if (summary.totals.initiators.remote > 0) entry.served = true;
    const double first = summary.totals.first_ts;
    if (entry.first_ts == 0 || (first > 0 && first < entry.first_ts)) entry.first_ts = first;
  }
  for (const auto& role : roles) {
    if (role.side != PortSide::local || !serves(role.role) || role.port == 0 ||
        !devices.contains(role.device)) {
      continue;
    }
    use[{role.device, role.port, role.transport}].served = true;
  }
}

std::string service_name(const ServiceOffer& offer) {
  if (!offer.service.empty()) return offer.service;
  return std::string(service_info(offer.port, offer.transport).name);
}

// One open offer per (device, port, transport): a port probed twice is one service.
std::map<ServiceKey, const ServiceOffer*> open_offers(const std::vector<ServiceOffer>& offers) {
  std::map<ServiceKey, const ServiceOffer*> open;
  for (const auto& offer : offers) {
    if (offer.state != PortState::open) continue;
    auto& slot = open[{offer.device, offer.port, offer.transport}];
    // Keep the better-identified answer when a port was probed twice.
    if (slot == nullptr || (slot->service.empty() && !offer.service.empty())) slot = &offer;
  }
  return open;
}

OfferedService offered_service(const ServiceKey& key, const ServiceOffer& offer,
                               const PassiveUses& use) {
  OfferedService row;
  std::tie(row.device, row.port, row.transport) = key;
  row.service = service_name(offer);
  row.product = offer.product;
  row.version = offer.version;
  row.cpe = offer.cpe;
  row.device_type = offer.device_type;
  row.security_critical = is_security_critical(row.service, row.port, row.transport);
  if (const auto it = use.find(key); it != use.end()) {
    row.flows = it->second.flows;
    row.used = it->second.served;
    if (row.used) row.first_used_ts = it->second.first_ts;
  }
  return row;
}

std::vector<ServiceUsageRow> usage_by_service(const std::vector<OfferedService>& offered) {
  std::map<std::tuple<std::uint16_t, Transport, std::string>, ServiceUsageRow> rows;
  for (const auto& service : offered) {
    auto& row = rows[{service.port, service.transport, service.service}];
    row.service = service.service;
    row.port = service.port;
    row.transport = service.transport;
    row.security_critical = service.security_critical;
    ++row.devices_offering;
    if (!service.used) ++row.devices_unused;
  }
  std::vector<ServiceUsageRow> out;
  for (auto& [key, row] : rows) {
    row.unused_fraction =
        static_cast<double>(row.devices_unused) / static_cast<double>(row.devices_offering);
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.devices_offering > b.devices_offering;
  });
  return out;
}

double period_fraction(double ts, double start, double end) {
  if (end <= start) return 0;
  return std::clamp((ts - start) / (end - start), 0.0, 1.0);
}

std::vector<DeviceServiceCoverage> coverage(const std::vector<OfferedService>& offered,
                                            const std::vector<OfferedService>& used_not_offered,
                                            const std::set<DeviceKey>& devices,
                                            const ActiveMeasurement& m) {
  std::map<DeviceKey, DeviceServiceCoverage> by_device;
  for (const auto& device : devices) by_device[device].device = device;
  for (const auto& service : offered) {
    auto& row = by_device[service.device];
    row.device = service.device;
    row.answered = true;
    ++row.offered;
    if (!service.used) continue;
    ++row.offered_used;
    const double seen =
        period_fraction(service.first_used_ts, m.observation_start, m.observation_end);
    row.all_used_seen_at = std::max(row.all_used_seen_at, seen);
  }
  for (const auto& service : used_not_offered) ++by_device[service.device].used_not_offered;
  std::vector<DeviceServiceCoverage> out;
  for (auto& [key, row] : by_device) {
    if (row.offered > 0) {
      row.used_fraction = static_cast<double>(row.offered_used) / static_cast<double>(row.offered);
    }
    out.push_back(row);
  }
  return out;
}

std::vector<VantageRow> vantage_rows(const std::map<ServiceKey, const ServiceOffer*>& inside,
                                     const std::map<ServiceKey, const ServiceOffer*>& outside) {
  std::map<ServiceKey, VantageRow> rows;
  auto note = [&rows](const auto& offers, bool external) {
    for (const auto& [key, offer] : offers) {
      VantageRow& row = rows[key];
      std::tie(row.device, row.port, row.transport) = key;
      if (row.service.empty()) row.service = service_name(*offer);
      (external ? row.open_external : row.open_internal) = true;
    }
  };
  note(inside, false);
  note(outside, true);
  std::vector<VantageRow> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

// The probe's gateway facts (docs/observations.md: upnp_gateway, upnp_port_mapping,
// nat_gateway_check).
GatewayFacts gateway_facts(const std::vector<Observation>& observations) {
  GatewayFacts facts;
  for (const auto& o : observations) {
    if (o.kind == "upnp_gateway") {
      facts.found = facts.upnp_igd = true;
      facts.device = o.device;
    } else if (o.kind == "upnp_port_mapping") {
      ++facts.upnp_mappings;
    } else if (o.kind == "nat_gateway_check") {
      facts.found = true;
      if (!facts.upnp_igd) facts.device = o.device;
      facts.natpmp_answered = facts.natpmp_answered || field_flag(o, "natpmp_answered");
      facts.pcp_answered = facts.pcp_answered || field_flag(o, "pcp_answered");
    }
  }
  return facts;
}

}  // namespace

std::set<DeviceKey> probed_devices(const ActiveInput& active) {
  std::set<DeviceKey> probed(active.probed.begin(), active.probed.end());
  for (const auto& [key, offer] : open_offers(active.internal)) probed.insert(std::get<0>(key));
  return probed;
}

void add_passive_use(const Summaries& summaries, const std::vector<PortRole>& roles,
                     const std::set<DeviceKey>& probed, PassiveUses& use) {
  if (!probed.empty()) add_passive_use_of(summaries, roles, probed, use);
}

ActiveMeasurement compare_active_passive(const ActiveInput& active, const PassiveUses& use,
                                         const Summaries& totals,
                                         const std::vector<Observation>& observations) {
  ActiveMeasurement m;
  if (!active.present()) return m;
  m.present = true;
  m.passive_present = totals.flows > 0;
  m.observation_start = totals.first_ts;
  m.observation_end = totals.last_ts;

  const auto inside = open_offers(active.internal);
  for (const auto& [key, offer] : inside) m.offered.push_back(offered_service(key, *offer, use));

  const std::set<DeviceKey> probed = probed_devices(active);
  for (const auto& [key, entry] : use) {
    if (!entry.served || inside.contains(key) || !probed.contains(std::get<0>(key))) continue;
    OfferedService row;
    std::tie(row.device, row.port, row.transport) = key;
    row.service = std::string(service_info(row.port, row.transport).name);
    row.security_critical = is_security_critical(row.service, row.port, row.transport);
    row.used = true;
    row.flows = entry.flows;
    row.first_used_ts = entry.first_ts;
    m.used_not_offered.push_back(std::move(row));
  }

  m.by_service = usage_by_service(m.offered);
  for (const auto& service : m.offered) {
    if (service.security_critical && !service.used) m.critical_unused.push_back(service);
  }
  m.devices = coverage(m.offered, m.used_not_offered, probed, m);
  m.devices_probed = m.devices.size();
  double used_sum = 0;
  std::uint64_t offering = 0;
  for (const auto& device : m.devices) {
    if (device.answered) ++m.devices_answering;
    if (device.offered == 0) continue;
    used_sum += device.used_fraction;
    ++offering;
  }
  if (m.devices_probed > 0) {
    m.answering_fraction =
        static_cast<double>(m.devices_answering) / static_cast<double>(m.devices_probed);
  }
  if (m.passive_present && offering > 0)
    m.mean_used_fraction = used_sum / static_cast<double>(offering);
  if (!active.external.empty()) m.vantage = vantage_rows(inside, open_offers(active.external));
  m.gateway = gateway_facts(observations);
  return m;
}

ActiveMeasurement compare_active_passive(const ActiveInput& active, const Summaries& summaries,
                                         const std::vector<PortRole>& roles,
                                         const std::vector<Observation>& observations) {
  if (!active.present()) return {};
  PassiveUses use;
  add_passive_use(summaries, roles, probed_devices(active), use);
  return compare_active_passive(active, use, summaries, observations);
}

}  // namespace iotscope
