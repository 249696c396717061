#pragma once
// A home's summaries as bytes for the run's spill file (engine/home_pieces.hpp) and back.
#include <cstddef>
#include <span>
#include <vector>

#include "engine/summaries.hpp"

namespace iotscope {

// Appends to `out`.
void encode_summaries(const Summaries& summaries, std::vector<std::byte>& out);
// Throws std::runtime_error when the bytes are not one whole encoded Summaries.
Summaries decode_summaries(std::span<const std::byte> bytes);

// What the summaries' tables hold in memory, about: what counts against the engine's budget.
std::size_t table_bytes(const Summaries& summaries);

}  // namespace iotscope
