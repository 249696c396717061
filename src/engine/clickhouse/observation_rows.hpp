#pragma once
// Observations (payload facts) in ClickHouse: loaded idempotently in chunks per home
// (home_chunks.hpp), one row each with its fields as two parallel arrays, and read back byte
// for byte in the order they were loaded.
#include <string>
#include <vector>

#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_selection.hpp"
#include "model/observation.hpp"

namespace iotscope::clickhouse {

// Stores `observations` as loaded from `source_id`, numbered in their order.
LoadCounts load_observations(const ClickHouseLayout& layout,
                             const std::vector<Observation>& observations,
                             const std::string& source_id);

// The stored observations of the selected homes and times, ordered by source id, then as loaded.
std::vector<Observation> query_observations(const ClickHouseLayout& layout,
                                            const FlowSelection& selection = {});

}  // namespace iotscope::clickhouse
