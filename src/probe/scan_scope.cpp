#include "probe/scan_scope.hpp"

#include <stdexcept>
#include <utility>

namespace iotscope {

ScanScope::ScanScope(TargetSet targets, ProbeSettings settings)
    : targets_(std::move(targets)), settings_(settings) {
  if (settings_.max_in_flight == 0) {
    throw std::invalid_argument("max in flight: expected at least 1");
  }
}

std::vector<ScanJob> ScanScope::jobs(const std::vector<IpAddress>& addresses,
                                     const std::vector<ProbePort>& ports,
                                     Transport transport) const {
  require_targets(targets_, addresses);
  return interleaved_jobs(addresses, ports, transport);
}

}  // namespace iotscope
