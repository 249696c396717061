#include "engine/clickhouse/clickhouse_engine.hpp"

#include "engine/clickhouse/clickhouse_reductions.hpp"

namespace iotscope::clickhouse {
namespace {

// Query-only mode: the flows are in ClickHouse already.
class DroppingAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord& flow) override { (void)flow; }
};

}  // namespace

Summaries summarize_stored_flows(const ClickHouseLayout& layout, const EngineConfig& config,
                                 const FlowSelection& selection) {
  Summaries out;
  out.local_ports = query_local_ports(layout, selection);
  out.remote_ports = query_remote_ports(layout, selection);
  out.edges = query_edges(layout, selection);
  out.scan_windows = query_scan_windows(layout, config.scan_window_seconds, selection);
  out.devices = query_device_activity(layout, selection);
  query_totals(layout, out, selection);
  return out;
}

ClickHouseEngine::ClickHouseEngine(ClickHouseLayout layout, EngineConfig config,
                                   std::optional<LoaderSettings> load, FlowSelection selection)
    : layout_(std::move(layout)), config_(config), selection_(std::move(selection)) {
  if (load) loader_ = std::make_unique<ClickHouseLoader>(layout_, std::move(*load));
}

std::unique_ptr<FlowAggregator> ClickHouseEngine::make_aggregator() {
  if (loader_) return loader_->make_aggregator();
  return std::make_unique<DroppingAggregator>();
}

void ClickHouseEngine::absorb(std::unique_ptr<FlowAggregator> partial) {
  if (loader_) loader_->absorb(std::move(partial));
}

Summaries ClickHouseEngine::summarize() {
  return summarize_stored_flows(layout_, config_, selection_);
}

LoadCounts ClickHouseEngine::load_counts() const {
  return loader_ ? loader_->counts() : LoadCounts{};
}

}  // namespace iotscope::clickhouse
