#pragma once
// Whom a scanner may probe and how hard: the targets the user named and the settings, checked
// once when the scanner is built and consulted before any probe goes out.
#include <vector>

#include "model/ip_address.hpp"
#include "probe/port_list.hpp"
#include "probe/probe_settings.hpp"
#include "probe/scan_socket.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

class ScanScope {
 public:
  // Throws std::invalid_argument unless settings.max_in_flight is at least 1.
  ScanScope(TargetSet targets, ProbeSettings settings);

  const ProbeSettings& settings() const { return settings_; }

  // The jobs for `addresses` x the `transport` ports of `ports`, in the order they go out (see
  // interleaved_jobs). Throws std::invalid_argument naming the first address outside the
  // targets: nothing is sent then.
  std::vector<ScanJob> jobs(const std::vector<IpAddress>& addresses,
                            const std::vector<ProbePort>& ports, Transport transport) const;

 private:
  TargetSet targets_;
  ProbeSettings settings_;
};

}  // namespace iotscope
