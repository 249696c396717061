#pragma once
// Devices in ClickHouse: loaded idempotently one chunk per home (chunk_writer.hpp), read back
// byte for byte (free-text labels travel hex-encoded on the way out, so no byte is lost).
#include <string>
#include <vector>

#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_selection.hpp"
#include "model/device_record.hpp"

namespace iotscope::clickhouse {

void append_device_row(std::string& out, std::uint64_t chunk_id, const DeviceRecord& device);

// Stores the devices of `source_id`; homes an earlier load of it stored are skipped.
LoadCounts load_devices(const ClickHouseLayout& layout, const std::vector<DeviceRecord>& devices,
                        const std::string& source_id);

// Every stored device of the selected homes, sorted by key. A device stored twice (by two sources)
// comes back twice.
std::vector<DeviceRecord> query_devices(const ClickHouseLayout& layout,
                                        const FlowSelection& selection = {});

}  // namespace iotscope::clickhouse
