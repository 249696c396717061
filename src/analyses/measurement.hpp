#pragma once
// The thesis' comparative tables: port usage by fraction of devices, shared vs vendor-specific
// ports, external communication by device type, bytes per flow.
#include <vector>

#include "analyses/analysis_config.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/result.hpp"
#include "engine/summaries.hpp"

namespace iotscope {

Measurement measure(const Summaries& summaries, const std::vector<PortRole>& roles,
                    const DeviceLookup& directory, const AnalysisConfig& config);

// The CDF of a flow-size histogram, with median and 90th percentile interpolated linearly
// inside the bucket where the cumulative share crosses them.
BytesPerFlow bytes_per_flow(const BytesHistogram& histogram, std::string scope);

}  // namespace iotscope
