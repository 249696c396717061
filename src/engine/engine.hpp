#pragma once
// The one interface behind which the heavy group-by reductions live. Sources push flow records
// into per-thread aggregators; the engine merges them and hands back Summaries.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

#include "engine/home_pieces.hpp"
#include "engine/summaries.hpp"
#include "engine/summaries_merge.hpp"
#include "model/flow_record.hpp"

namespace iotscope {

struct EngineConfig {
  double scan_window_seconds = 60;
  // Reduced homes beyond this many bytes of tables wait in a spill file in `spill_directory`
  // (empty: $TMPDIR, else /var/tmp) until the analyses take them (engine/home_pieces.hpp).
  std::size_t summaries_in_memory = std::size_t{256} << 20;
  std::filesystem::path spill_directory;
};

// Partial state owned by one worker thread; not thread-safe by itself.
class FlowAggregator {
 public:
  virtual ~FlowAggregator() = default;
  virtual void add(const FlowRecord& flow) = 0;
  // The source will send no more flows of this home (it may still, after warning about late
  // rows): an engine may reduce the home now and free its flows.
  virtual void home_complete(std::uint64_t home) { (void)home; }
};

class Engine {
 public:
  virtual ~Engine() = default;
  // One aggregator per worker thread; may be called from any thread.
  virtual std::unique_ptr<FlowAggregator> make_aggregator() = 0;
  // Merges a worker's finished partial state; may be called from any thread.
  virtual void absorb(std::unique_ptr<FlowAggregator> partial) = 0;
  // After every aggregator was absorbed: the reductions, sorted by key. Consumes what the
  // aggregators held: call it once.
  virtual Summaries summarize() = 0;
  // The same reductions home by home, sorted by home; a home reduced in two pieces (rows that
  // arrived after the source closed it) has two adjacent entries. Analyses run on batches of
  // homes, so the summaries of all homes never sit in one set of tables. Call it instead of
  // summarize(), once.
  virtual HomePieces summarize_by_home() { return HomePieces(split_by_home(summarize())); }
};

}  // namespace iotscope
