#pragma once
// The thesis' comparison of active and passive measurement: services offered vs used per device
// and per service, security-critical services offered and never used, how long passive
// observation took to see every used service, the share of devices answering a probe, and the
// same device seen from inside and from the Internet side.
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "analyses/active_input.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"
#include "model/observation.hpp"

namespace iotscope {

// What passive data says about one local port of one device.
struct PassiveUse {
  bool served = false;
  std::uint64_t flows = 0;
  double first_ts = 0;
};
using PassiveUses = std::map<std::tuple<DeviceKey, std::uint16_t, Transport>, PassiveUse>;

// The devices a probe reached (listed as probed, or with an open port).
std::set<DeviceKey> probed_devices(const ActiveInput& active);
// The passive use of the probed devices' ports in `summaries`, added to `use`. A device's entries
// come from its own home's summaries, so home batches add up to the whole.
void add_passive_use(const Summaries& summaries, const std::vector<PortRole>& roles,
                     const std::set<DeviceKey>& probed, PassiveUses& use);
// `totals`: the flow count and time span of all summaries (their tables are not read).
ActiveMeasurement compare_active_passive(const ActiveInput& active, const PassiveUses& use,
                                         const Summaries& totals,
                                         const std::vector<Observation>& observations);

ActiveMeasurement compare_active_passive(const ActiveInput& active, const Summaries& summaries,
                                         const std::vector<PortRole>& roles,
                                         const std::vector<Observation>& observations = {});

}  // namespace iotscope
