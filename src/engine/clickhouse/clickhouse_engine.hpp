#pragma once
// The engine behind `--engine clickhouse://...`: flows the sources push are loaded into the
// cluster (ClickHouseLoader) and summarize() runs every reduction as SQL on the shards, so only
// the summaries travel back. Without load settings it only queries what is already stored.
#include <memory>
#include <optional>

#include "engine/clickhouse/clickhouse_loader.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_selection.hpp"
#include "engine/engine.hpp"

namespace iotscope::clickhouse {

// Every Summaries field from the flows stored in `layout` that `selection` keeps, as the embedded
// engine computes them from those flows.
Summaries summarize_stored_flows(const ClickHouseLayout& layout, const EngineConfig& config,
                                 const FlowSelection& selection = {});

class ClickHouseEngine final : public Engine {
 public:
  // With `load`, flows pushed through aggregators are loaded first (the schema must exist);
  // without, aggregators drop them and summarize() reads the stored flows only.
  ClickHouseEngine(ClickHouseLayout layout, EngineConfig config, std::optional<LoaderSettings> load,
                   FlowSelection selection = {});

  std::unique_ptr<FlowAggregator> make_aggregator() override;
  void absorb(std::unique_ptr<FlowAggregator> partial) override;
  Summaries summarize() override;

  // What loading did (zero without load settings).
  LoadCounts load_counts() const;
  std::uint64_t rows_loaded() const { return loader_ ? loader_->rows_loaded() : 0; }

 private:
  ClickHouseLayout layout_;
  EngineConfig config_;
  FlowSelection selection_;
  std::unique_ptr<ClickHouseLoader> loader_;
};

}  // namespace iotscope::clickhouse
