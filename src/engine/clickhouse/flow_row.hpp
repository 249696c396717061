#pragma once
// A FlowRecord as one TabSeparated row of the flows table (clickhouse_schema.cpp's column order).
#include <cstdint>
#include <string>

#include "model/flow_record.hpp"

namespace iotscope::clickhouse {

void append_flow_row(std::string& out, std::uint64_t chunk_id, const FlowRecord& flow);

// A stable 64-bit hash (FNV-1a, then a finaliser) of bytes; the same on every machine and run.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 0);

}  // namespace iotscope::clickhouse
