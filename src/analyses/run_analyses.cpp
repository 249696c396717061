#include "analyses/run_analyses.hpp"

#include <exception>
#include <optional>
#include <thread>

#include "analyses/active_passive.hpp"
#include "analyses/candidates.hpp"
#include "analyses/device_graph.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/encryption.hpp"
#include "analyses/exposure.hpp"
#include "analyses/mapping_exposure.hpp"
#include "analyses/measurement.hpp"
#include "analyses/payload_encryption.hpp"
#include "analyses/port_roles.hpp"
#include "analyses/role_index.hpp"
#include "analyses/scans.hpp"

namespace iotscope {

AnalysisResult run_analyses(const Summaries& summaries, const std::vector<DeviceRecord>& devices,
                            const std::vector<Observation>& observations,
                            const AnalysisConfig& config, const ActiveInput& active) {
  const DeviceLookup directory(devices);
  AnalysisResult result;
  std::optional<RoleIndex> roles;
  std::exception_ptr beside_error;
  {
    // The graph and exposure need no roles: they run beside the role chain. Each writes its own
    // member of the result, so the output is the same as run one after another.
    const std::jthread beside([&] {
      try {
        result.device_graph = build_device_graph(summaries, directory, config);
        result.exposure = find_exposure(summaries, config);
        auto mappings = find_mapping_exposure(observations);
        result.exposure.insert(result.exposure.end(), std::make_move_iterator(mappings.begin()),
                               std::make_move_iterator(mappings.end()));
      } catch (...) {
        beside_error = std::current_exception();
      }
    });
    // Roles come first: scans, encryption and measurement build on them.
    result.port_roles = find_port_roles(summaries, config);
    roles.emplace(result.port_roles);
    result.scans = find_scans(summaries, *roles, observations, config);
    result.encryption = find_encryption(summaries, *roles);
    apply_payload_encryption(observations, result.encryption);
    result.measurement = measure(summaries, result.port_roles, directory, config);
    result.measurement.active =
        compare_active_passive(active, summaries, result.port_roles, observations);
  }
  if (beside_error) std::rethrow_exception(beside_error);
  result.candidates = rank_candidates(summaries, result, *roles, directory, config);
  return result;
}

}  // namespace iotscope
