#pragma once
// Reduces the flows of a set of whole homes into their summaries. Homes never span two
// partitions, so partitions reduce independently and concatenate in home order.
#include <span>

#include "engine/engine.hpp"
#include "engine/packed_flow.hpp"

namespace iotscope {

// `flows` should be contiguous in memory: the reductions sort indices into it many times.
Summaries reduce_partition(std::span<const PackedFlow> flows, const EngineConfig& config);

}  // namespace iotscope
