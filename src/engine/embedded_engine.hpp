#pragma once
// The default engine: in-process, multi-threaded. Workers keep compact flows per home in their
// own aggregators (no locking on the hot path) and reduce a home as soon as the source says it
// is complete, so memory holds the flows of open homes plus the summaries, not every flow.
// summarize() reduces the homes still open in parallel and orders everything by home.
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "engine/packed_flow.hpp"

namespace iotscope {

class EmbeddedEngine final : public Engine {
 public:
  explicit EmbeddedEngine(EngineConfig config, unsigned threads = 0);

  std::unique_ptr<FlowAggregator> make_aggregator() override;
  void absorb(std::unique_ptr<FlowAggregator> partial) override;
  Summaries summarize() override;
  std::vector<HomeSummaries> summarize_by_home() override;

 private:
  EngineConfig config_;
  unsigned threads_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> open_homes_;
  std::vector<HomeSummaries> reduced_;
};

}  // namespace iotscope
