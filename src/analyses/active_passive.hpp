#pragma once
// The thesis' comparison of active and passive measurement: services offered vs used per device
// and per service, security-critical services offered and never used, how long passive
// observation took to see every used service, the share of devices answering a probe, and the
// same device seen from inside and from the Internet side.
#include <vector>

#include "analyses/active_input.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/observation.hpp"

namespace iotscope {

ActiveMeasurement compare_active_passive(const ActiveInput& active, const Summaries& summaries,
                                         const std::vector<PortRole>& roles,
                                         const std::vector<Observation>& observations = {});

}  // namespace iotscope
