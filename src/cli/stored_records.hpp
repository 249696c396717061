#pragma once
// iotscope's records in ClickHouse beside the flows: what `iotscope load` stores and
// `analyze --engine` reads back, so an analysis of stored data gets what reading the files would
// give (docs/clickhouse.md): devices as the sources made them, passive observations, probe runs
// with their home, input reports and reading warnings.
#include <string>

#include "cli/pipeline.hpp"
#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/flow_selection.hpp"

namespace iotscope {

// The servers behind an engine URL; the password from the environment (clickhouse_url.hpp).
clickhouse::ClickHouseLayout connect_clickhouse(const std::string& engine_url);

// Stores what `read_inputs` returned besides flows, under `source_id` (idempotent like flows).
clickhouse::LoadCounts store_records(const clickhouse::ClickHouseLayout& layout,
                                     const std::string& source_id, const PipelineOutput& read);

// The stored records of the selected homes and times, as `read_inputs` would return them.
PipelineOutput read_stored_records(const clickhouse::ClickHouseLayout& layout,
                                   const FlowSelection& selection);

}  // namespace iotscope
