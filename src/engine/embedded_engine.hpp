#pragma once
// The default engine: in-process, multi-threaded. Workers append compact flows to their own
// buffers (no locking on the hot path); summarize() partitions them by home and reduces the
// partitions in parallel, each with small per-home working sets.
#include <mutex>
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

  std::size_t flows_held() const;

 private:
  EngineConfig config_;
  unsigned threads_;
  mutable std::mutex mutex_;
  std::vector<std::vector<PackedFlow>> batches_;
};

}  // namespace iotscope
