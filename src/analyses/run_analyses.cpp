#include "analyses/run_analyses.hpp"

#include "analyses/candidates.hpp"
#include "analyses/device_graph.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/encryption.hpp"
#include "analyses/exposure.hpp"
#include "analyses/measurement.hpp"
#include "analyses/port_roles.hpp"
#include "analyses/role_index.hpp"
#include "analyses/scans.hpp"

namespace iotscope {

AnalysisResult run_analyses(const Summaries& summaries, const std::vector<DeviceRecord>& devices,
                            const AnalysisConfig& config) {
  const DeviceLookup directory(devices);
  AnalysisResult result;
  // Roles come first: scans, encryption, measurement and candidates build on them.
  result.port_roles = find_port_roles(summaries, config);
  const RoleIndex roles(result.port_roles);
  result.device_graph = build_device_graph(summaries, directory, config);
  result.scans = find_scans(summaries, roles, config);
  result.encryption = find_encryption(summaries, roles);
  result.exposure = find_exposure(summaries, config);
  result.measurement = measure(summaries, result.port_roles, directory, config);
  result.candidates = rank_candidates(summaries, result, roles, directory, config);
  return result;
}

}  // namespace iotscope
