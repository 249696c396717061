#pragma once
// Loads flow records into ClickHouse through the engine interface, so any source iotscope reads
// can be loaded by the pipeline that feeds the embedded engine.
//
// Idempotence (docs/clickhouse.md): each home's flows are cut into chunks at points the source
// determines (a home's piece ends at home_complete; a piece longer than chunk_rows is cut every
// chunk_rows flows), and a chunk's id is a hash of (source id, home, piece, chunk index). A chunk
// goes to its home's shard inside one INSERT of whole chunks (one MergeTree part: all or
// nothing), between a `pending` and a `done` record in loaded_batches. A later load of the same
// source skips `done` chunks and, for `pending` ones, looks whether their rows arrived.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/engine.hpp"

namespace iotscope::clickhouse {

struct LoaderSettings {
  std::string source_id;             // what was loaded, e.g. the sorted input paths
  std::size_t chunk_rows = 100'000;  // longest chunk of one home
  std::size_t batch_rows = 100'000;  // rows per INSERT (whole chunks; at most 500,000 together)
};

class ClickHouseLoader final : public Engine {
 public:
  // Reads what earlier loads of settings.source_id recorded; the schema must exist.
  ClickHouseLoader(ClickHouseLayout layout, LoaderSettings settings);

  std::unique_ptr<FlowAggregator> make_aggregator() override;
  // Sends what the aggregator still holds; throws ClickHouseError when a server refused any
  // insert of this load (the first refusal stops every aggregator: no row is sent after it).
  void absorb(std::unique_ptr<FlowAggregator> partial) override;
  // A loader reduces nothing: empty summaries. The reductions run as SQL elsewhere.
  Summaries summarize() override;

  LoadCounts counts() const;
  // Rows stored so far, for progress; any thread.
  std::uint64_t rows_loaded() const { return rows_loaded_.load(std::memory_order_relaxed); }

 private:
  friend class LoaderAggregator;
  void add_counts(const LoadCounts& counts);
  void fail(const std::string& error);
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

  ClickHouseLayout layout_;
  LoaderSettings settings_;
  std::vector<RecordedChunks> recorded_;  // per shard
  mutable std::mutex mutex_;
  LoadCounts counts_;
  std::atomic<std::uint64_t> rows_loaded_{0};
  std::atomic<bool> failed_{false};
  std::string error_;  // the first refusal, under mutex_
};

}  // namespace iotscope::clickhouse
