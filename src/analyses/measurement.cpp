#include "analyses/measurement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "analyses/analysis_keys.hpp"
#include "analyses/service_names.hpp"

namespace iotscope {
namespace {

using ServicePort = PortUseTally::ServicePort;
using PortDeviceSets = std::map<ServicePort, std::set<DeviceKey>>;

// The service ports of each device's traffic: its server / peer local ports and the remote
// ports it is a client of, split by where the other ends were.
struct PortUse {
  PortDeviceSets local;
  PortDeviceSets external;
};

PortUse port_use(const std::vector<PortRole>& roles) {
  PortUse use;
  for (const auto& role : roles) {
    if (role.role == Role::unknown) continue;
    const ServicePort port{role.port, role.transport};
    if (role.scope == "local" || role.scope == "both") use.local[port].insert(role.device);
    if (role.scope == "external" || role.scope == "both") use.external[port].insert(role.device);
  }
  return use;
}

std::map<ServicePort, std::uint64_t> device_counts(const PortDeviceSets& use) {
  std::map<ServicePort, std::uint64_t> counts;
  for (const auto& [port, devices] : use) counts.emplace_hint(counts.end(), port, devices.size());
  return counts;
}

PortUseTally::PortDevices port_devices(const std::set<DeviceKey>& devices,
                                       const DeviceLookup& directory) {
  PortUseTally::PortDevices out;
  out.devices = devices.size();
  for (const auto& key : devices) {
    const auto* record = directory.find(key);
    if (!record) continue;
    if (!record->vendor.empty()) ++out.vendors[record->vendor];
    if (record->type != DeviceType::unknown) out.types.insert(record->type);
  }
  return out;
}

DeviceType type_of(const DeviceKey& key, const DeviceLookup& directory) {
  const auto* record = directory.find(key);
  return record ? record->type : DeviceType::unknown;
}

void tally_types(const Summaries& homes, const PortUse& use, const DeviceLookup& directory,
                 PortUseTally& tally) {
  for (const auto& activity : homes.devices) {
    if (activity.local.flows + activity.external.flows == 0) continue;
    auto& row = tally.types[type_of(activity.device, directory)];
    ++row.devices;
    if (activity.external.flows > 0) ++row.devices_external;
  }
  // A device counts once per port number, whatever the transports.
  std::map<DeviceType, std::map<std::uint16_t, std::set<DeviceKey>>> port_devices;
  for (const auto& [port, devices] : use.external) {
    for (const auto& key : devices) port_devices[type_of(key, directory)][port.first].insert(key);
  }
  for (const auto& [type, ports] : port_devices) {
    auto& counts = tally.types[type].external_ports;
    for (const auto& [port, devices] : ports) counts[port] += devices.size();
  }
}

std::vector<PortUsageRow> usage_rows(const std::map<ServicePort, std::uint64_t>& use,
                                     std::uint64_t active_devices, std::size_t limit) {
  std::vector<PortUsageRow> rows;
  for (const auto& [port, devices] : use) {
    PortUsageRow row;
    row.port = port.first;
    row.transport = port.second;
    row.service = std::string(service_info(port.first, port.second).name);
    row.devices = devices;
    const auto denominator = std::max<std::uint64_t>(active_devices, row.devices);
    row.fraction = static_cast<double>(row.devices) / static_cast<double>(denominator);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PortUsageRow& a, const PortUsageRow& b) {
    return a.devices > b.devices;
  });
  if (rows.size() > limit) rows.resize(limit);
  return rows;
}

std::vector<std::string> top_keys(const std::map<std::string, std::uint64_t>& counts,
                                  std::size_t limit) {
  std::vector<std::pair<std::string, std::uint64_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) keys.push_back(ranked[i].first);
  return keys;
}

PortSharingRow sharing_row(const ServicePort& port, const PortUseTally::PortDevices& devices,
                           const AnalysisConfig& config) {
  PortSharingRow row;
  row.port = port.first;
  row.transport = port.second;
  row.devices = devices.devices;
  row.vendors = devices.vendors.size();
  row.device_types = devices.types.size();
  if (row.vendors >= config.shared_min_vendors) {
    row.sharing = "shared";
  } else if (row.vendors == 1) {
    row.sharing = "specific";
  } else {
    row.sharing = "few";
  }
  row.top_vendors = top_keys(devices.vendors, 5);
  return row;
}

void add_port_sharing(const PortUseTally& use, const AnalysisConfig& config, Measurement& m) {
  std::size_t shared = 0;
  std::size_t specific = 0;
  for (const auto& [port, devices] : use.any) {
    if (devices.devices < 2) continue;
    auto row = sharing_row(port, devices, config);
    shared += row.sharing == "shared" ? 1 : 0;
    specific += row.sharing == "specific" ? 1 : 0;
    m.port_sharing.push_back(std::move(row));
  }
  std::stable_sort(
      m.port_sharing.begin(), m.port_sharing.end(),
      [](const PortSharingRow& a, const PortSharingRow& b) { return a.devices > b.devices; });
  if (!m.port_sharing.empty()) {
    const auto rows = static_cast<double>(m.port_sharing.size());
    m.shared_port_fraction = static_cast<double>(shared) / rows;
    m.specific_port_fraction = static_cast<double>(specific) / rows;
  }
}

void add_external_by_type(const PortUseTally& use, Measurement& m) {
  for (const auto& [type, devices] : use.types) {
    if (devices.devices == 0) continue;  // external ports of devices without traffic rows
    TypeExternalRow row;
    row.type = type;
    row.devices = devices.devices;
    row.devices_external = devices.devices_external;
    row.fraction = static_cast<double>(row.devices_external) / static_cast<double>(row.devices);
    std::vector<std::pair<std::uint16_t, std::uint64_t>> ports(devices.external_ports.begin(),
                                                               devices.external_ports.end());
    std::stable_sort(ports.begin(), ports.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (ports.size() > 5) ports.resize(5);
    row.top_external_ports = std::move(ports);
    m.external_by_type.push_back(std::move(row));
  }
}

template <typename Key, typename Value>
void add_counts(std::map<Key, Value>& into, const std::map<Key, Value>& from) {
  for (const auto& [key, count] : from) into[key] += count;
}

// Bucket 0 holds 0-byte flows; bucket k >= 1 holds [2^(k-1), 2^k).
double bucket_low(std::size_t k) {
  return k == 0 ? 0.0 : std::ldexp(1.0, static_cast<int>(k) - 1);
}
double bucket_high(std::size_t k) {
  return k == 0 ? 0.0 : std::ldexp(1.0, static_cast<int>(k));
}

std::uint64_t bucket_upper_bound(std::size_t k) {
  if (k == 0) return 0;
  if (k >= 64) return std::numeric_limits<std::uint64_t>::max();
  return (std::uint64_t{1} << k) - 1;
}

double quantile(const BytesHistogram& histogram, std::uint64_t flows, double q) {
  const double target = q * static_cast<double>(flows);
  double before = 0;
  for (std::size_t k = 0; k < BytesHistogram::kBuckets; ++k) {
    const auto count = static_cast<double>(histogram.flows[k]);
    if (count > 0 && before + count >= target) {
      const double within = (target - before) / count;
      return bucket_low(k) + within * (bucket_high(k) - bucket_low(k));
    }
    before += count;
  }
  return 0;
}

}  // namespace

BytesPerFlow bytes_per_flow(const BytesHistogram& histogram, std::string scope) {
  BytesPerFlow result;
  result.scope = std::move(scope);
  for (const auto count : histogram.flows) result.flows += count;
  if (result.flows == 0) return result;
  // The CDF spans the occupied buckets only.
  std::size_t first = BytesHistogram::kBuckets;
  std::size_t last = 0;
  for (std::size_t k = 0; k < BytesHistogram::kBuckets; ++k) {
    if (histogram.flows[k] == 0) continue;
    first = std::min(first, k);
    last = k;
  }
  std::uint64_t cumulative = 0;
  for (std::size_t k = first; k <= last; ++k) {
    cumulative += histogram.flows[k];
    result.cdf.emplace_back(bucket_upper_bound(k),
                            static_cast<double>(cumulative) / static_cast<double>(result.flows));
  }
  result.median = quantile(histogram, result.flows, 0.5);
  result.p90 = quantile(histogram, result.flows, 0.9);
  return result;
}

void PortUseTally::merge(PortUseTally&& other) {
  local_devices += other.local_devices;
  external_devices += other.external_devices;
  add_counts(local, other.local);
  add_counts(external, other.external);
  for (auto& [port, devices] : other.any) {
    auto& into = any[port];
    into.devices += devices.devices;
    add_counts(into.vendors, devices.vendors);
    into.types.merge(devices.types);
  }
  for (auto& [type, devices] : other.types) {
    auto& into = types[type];
    into.devices += devices.devices;
    into.devices_external += devices.devices_external;
    add_counts(into.external_ports, devices.external_ports);
  }
}

PortUseTally tally_port_use(const Summaries& homes, const std::vector<PortRole>& roles,
                            const DeviceLookup& directory) {
  PortUseTally tally;
  for (const auto& activity : homes.devices) {
    tally.local_devices += activity.local.flows > 0 ? 1 : 0;
    tally.external_devices += activity.external.flows > 0 ? 1 : 0;
  }
  const PortUse use = port_use(roles);
  tally.local = device_counts(use.local);
  tally.external = device_counts(use.external);
  PortDeviceSets any = use.local;
  for (const auto& [port, devices] : use.external) any[port].insert(devices.begin(), devices.end());
  for (const auto& [port, devices] : any) {
    tally.any.emplace_hint(tally.any.end(), port, port_devices(devices, directory));
  }
  tally_types(homes, use, directory, tally);
  return tally;
}

Measurement measure(const Summaries& totals, const PortUseTally& use,
                    const AnalysisConfig& config) {
  Measurement m;
  m.port_usage_local = usage_rows(use.local, use.local_devices, config.top_ports);
  m.port_usage_external = usage_rows(use.external, use.external_devices, config.top_ports);
  add_port_sharing(use, config, m);
  add_external_by_type(use, m);
  m.bytes_per_flow.push_back(bytes_per_flow(totals.bytes_per_flow_local, "local"));
  m.bytes_per_flow.push_back(bytes_per_flow(totals.bytes_per_flow_external, "external"));
  return m;
}

Measurement measure(const Summaries& summaries, const std::vector<PortRole>& roles,
                    const DeviceLookup& directory, const AnalysisConfig& config) {
  return measure(summaries, tally_port_use(summaries, roles, directory), config);
}

}  // namespace iotscope
