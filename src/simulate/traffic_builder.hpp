#pragma once
// Builds the flows of one home: background traffic from the device models and local links, benign
// discovery, IoT Inspector's own probes, and the injected behaviours of SimulationConfig.
#include "simulate/home.hpp"
#include "simulate/random.hpp"
#include "simulate/simulate.hpp"

namespace iotscope::sim {

// At most this many distinct local unicast peers per device per aligned minute in background
// traffic, so background never looks like a scan (tests allow 5; injected scans come on top).
inline constexpr std::uint8_t kMaxLocalPeersPerMinute = 4;

void build_traffic(const Home& home, const SimulationConfig& config, Rng& rng,
                   HomeTraffic& traffic);

}  // namespace iotscope::sim
