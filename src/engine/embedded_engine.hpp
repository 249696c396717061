#pragma once
// The default engine: in-process, multi-threaded. Workers keep compact flows per home in their
// own aggregators (no locking on the hot path) and reduce a home as soon as the source says it
// is complete (on a thread of its own, engine/home_reducer.hpp), so memory holds the flows of
// open homes plus the summaries, not every flow.
// summarize() reduces the homes still open in parallel and orders everything by home.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "engine/home_reducer.hpp"
#include "engine/packed_flow.hpp"

namespace iotscope {

class EmbeddedEngine final : public Engine {
 public:
  explicit EmbeddedEngine(EngineConfig config, unsigned threads = 0);

  std::unique_ptr<FlowAggregator> make_aggregator() override;
  void absorb(std::unique_ptr<FlowAggregator> partial) override;
  Summaries summarize() override;
  HomePieces summarize_by_home() override;
  // Bytes of reduced homes waiting in the spill file.
  std::uint64_t parked_bytes() const { return parking_->parked_bytes(); }
  // Why reduced homes stayed in memory after all (the spill file failed); empty if none did.
  std::string spill_problem() const { return parking_->problem(); }

 private:
  std::shared_ptr<HomeReducer> make_reducer() const;

  EngineConfig config_;
  unsigned threads_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> open_homes_;
  std::shared_ptr<SummariesParking> parking_;
  std::vector<HomePiece> reduced_;
  std::shared_ptr<HomeReducer> reducer_;  // last: its thread stops before the rest goes
};

}  // namespace iotscope
