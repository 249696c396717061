#pragma once
// The reductions of docs/engine.md as SQL over the flows table, each returning exactly what the
// embedded engine's Summaries hold for the same flows, sorted by key. Homes never span shards,
// so each query runs on every shard's local table in parallel and the answers are concatenated.
#include <vector>

#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_selection.hpp"
#include "engine/summaries.hpp"

namespace iotscope::clickhouse {

// DeviceActivity per device (definition 6).
std::vector<DeviceActivity> query_device_activity(const ClickHouseLayout& layout,
                                                  const FlowSelection& selection = {});

// LocalPortSummary per (device, folded local port, transport, scope) (definitions 1 and 2).
std::vector<LocalPortSummary> query_local_ports(const ClickHouseLayout& layout,
                                                const FlowSelection& selection = {});

// RemotePortSummary per (device, folded remote port, transport, scope) (definitions 1 and 3).
std::vector<RemotePortSummary> query_remote_ports(const ClickHouseLayout& layout,
                                                  const FlowSelection& selection = {});

// EdgeSummary per (device, folded local port, folded remote port, transport, scope, peer device)
// (definition 4).
std::vector<EdgeSummary> query_edges(const ClickHouseLayout& layout,
                                     const FlowSelection& selection = {});

// ScanWindowSummary per (device, window of `window_seconds`) (definition 5).
std::vector<ScanWindowSummary> query_scan_windows(const ClickHouseLayout& layout,
                                                  double window_seconds,
                                                  const FlowSelection& selection = {});

// Bytes-per-flow histograms (definition 7) and the flow count and time span of all flows.
void query_totals(const ClickHouseLayout& layout, Summaries& out,
                  const FlowSelection& selection = {});

}  // namespace iotscope::clickhouse
