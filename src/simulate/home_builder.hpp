#pragma once
// Builds a home's devices: how many, which models, addresses, ids, OUIs, DHCP names and the
// user's noisy labels.
#include <cstdint>

#include "simulate/home.hpp"
#include "simulate/random.hpp"

namespace iotscope::sim {

// `label_rate`: fraction of devices the user labelled.
void build_home(std::uint64_t index, double label_rate, Rng& rng, Home& home);

}  // namespace iotscope::sim
