#pragma once
// The thesis' comparative tables: port usage by fraction of devices, shared vs vendor-specific
// ports, external communication by device type, bytes per flow.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

// What the tables need from the port roles and device activity of a set of homes. A device
// belongs to one home, so the tallies of disjoint sets of homes add up: the analyses tally each
// batch of homes in parallel and merge, instead of gathering every device of every port at the
// end (3.5 s on one core at 50,000 homes).
struct PortUseTally {
  using ServicePort = std::pair<std::uint16_t, Transport>;
  struct PortDevices {
    std::uint64_t devices = 0;
    std::map<std::string, std::uint64_t> vendors;  // devices per (non-empty) vendor
    std::set<DeviceType> types;                    // known types only
  };
  struct TypeDevices {
    std::uint64_t devices = 0;  // with any traffic
    std::uint64_t devices_external = 0;
    std::map<std::uint16_t, std::uint64_t> external_ports;  // devices per remote port number
  };
  std::uint64_t local_devices = 0;                // devices with local traffic
  std::uint64_t external_devices = 0;             // devices with Internet traffic
  std::map<ServicePort, std::uint64_t> local;     // devices using each port with local peers
  std::map<ServicePort, std::uint64_t> external;  // ... with Internet peers
  std::map<ServicePort, PortDevices> any;         // ... with either
  std::map<DeviceType, TypeDevices> types;

  // `other` must tally homes this one has not.
  void merge(PortUseTally&& other);
};

PortUseTally tally_port_use(const Summaries& homes, const std::vector<PortRole>& roles,
                            const DeviceLookup& directory);
// `totals`: the run's byte histograms.
Measurement measure(const Summaries& totals, const PortUseTally& use, const AnalysisConfig& config);
// All in one for a single set of homes.
Measurement measure(const Summaries& summaries, const std::vector<PortRole>& roles,
                    const DeviceLookup& directory, const AnalysisConfig& config);

// The CDF of a flow-size histogram, with median and 90th percentile interpolated linearly
// inside the bucket where the cumulative share crosses them.
BytesPerFlow bytes_per_flow(const BytesHistogram& histogram, std::string scope);

}  // namespace iotscope
