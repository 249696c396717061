#include "engine/selecting_engine.hpp"

namespace iotscope {
namespace {

class SelectingAggregator final : public FlowAggregator {
 public:
  SelectingAggregator(std::unique_ptr<FlowAggregator> inner, const FlowSelection& selection)
      : inner_(std::move(inner)), selection_(selection) {}

  void add(const FlowRecord& flow) override {
    if (selection_.keeps(flow)) inner_->add(flow);
  }
  void home_complete(std::uint64_t home) override {
    if (selection_.keeps_home(home)) inner_->home_complete(home);
  }
  std::unique_ptr<FlowAggregator> release() { return std::move(inner_); }

 private:
  std::unique_ptr<FlowAggregator> inner_;
  const FlowSelection& selection_;
};

}  // namespace

SelectingEngine::SelectingEngine(Engine& inner, FlowSelection selection)
    : inner_(inner), selection_(std::move(selection)) {}

std::unique_ptr<FlowAggregator> SelectingEngine::make_aggregator() {
  return std::make_unique<SelectingAggregator>(inner_.make_aggregator(), selection_);
}

void SelectingEngine::absorb(std::unique_ptr<FlowAggregator> partial) {
  // Only aggregators this engine made come back here (Engine's contract).
  auto* selecting = static_cast<SelectingAggregator*>(partial.get());
  inner_.absorb(selecting->release());
}

}  // namespace iotscope
