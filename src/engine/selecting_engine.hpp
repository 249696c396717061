#pragma once
// An engine that passes on only the flows a FlowSelection keeps: the embedded engine's side of
// `analyze --home/--from/--until`, so both engines answer over the same flows.
#include <memory>

#include "engine/engine.hpp"
#include "engine/flow_selection.hpp"

namespace iotscope {

class SelectingEngine final : public Engine {
 public:
  // `inner` must outlive this engine.
  SelectingEngine(Engine& inner, FlowSelection selection);

  std::unique_ptr<FlowAggregator> make_aggregator() override;
  void absorb(std::unique_ptr<FlowAggregator> partial) override;
  Summaries summarize() override { return inner_.summarize(); }
  HomePieces summarize_by_home() override { return inner_.summarize_by_home(); }

 private:
  Engine& inner_;
  FlowSelection selection_;
};

}  // namespace iotscope
