#include "engine/embedded_engine.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <utility>

#include "engine/heap_trim.hpp"
#include "engine/partition_reducer.hpp"
#include "engine/summaries_merge.hpp"
#include "engine/summaries_release.hpp"

namespace iotscope {
namespace {

class EmbeddedAggregator final : public FlowAggregator {
 public:
  EmbeddedAggregator(EngineConfig config, SummariesParking& parking)
      : config_(std::move(config)), parking_(parking) {}

  void add(const FlowRecord& flow) override {
    // Sources emit a home's flows in runs: remember the last home's list (map values are stable).
    if (last_flows_ == nullptr || last_home_ != flow.device.home) {
      last_home_ = flow.device.home;
      last_flows_ = &open_[last_home_];
    }
    last_flows_->push_back(PackedFlow::from(flow));
  }

  void home_complete(std::uint64_t home) override {
    const auto it = open_.find(home);
    if (it == open_.end()) return;
    if (&it->second == last_flows_) last_flows_ = nullptr;
    reduced_.push_back(parking_.keep(home, reduce_partition(it->second, config_)));
    open_.erase(it);
  }

  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> take_open() {
    last_flows_ = nullptr;
    return std::move(open_);
  }
  std::vector<HomePiece> take_reduced() { return std::move(reduced_); }

 private:
  EngineConfig config_;
  SummariesParking& parking_;
  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> open_;
  std::vector<HomePiece> reduced_;
  std::uint64_t last_home_ = 0;
  std::vector<PackedFlow>* last_flows_ = nullptr;
};

}  // namespace

EmbeddedEngine::EmbeddedEngine(EngineConfig config, unsigned threads)
    : config_(std::move(config)),
      threads_(threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads),
      parking_(std::make_shared<SummariesParking>(
          config_.spill_directory.empty() ? default_spill_directory() : config_.spill_directory,
          config_.summaries_in_memory)) {
  if (!(config_.scan_window_seconds > 0)) {
    throw std::invalid_argument("scan window must be a positive number of seconds");
  }
}

std::unique_ptr<FlowAggregator> EmbeddedEngine::make_aggregator() {
  return std::make_unique<EmbeddedAggregator>(config_, *parking_);
}

void EmbeddedEngine::absorb(std::unique_ptr<FlowAggregator> partial) {
  auto* own = dynamic_cast<EmbeddedAggregator*>(partial.get());
  if (own == nullptr) throw std::invalid_argument("aggregator belongs to another engine");
  auto open = own->take_open();
  auto reduced = own->take_reduced();
  partial.reset();
  const std::lock_guard lock(mutex_);
  for (auto& [home, flows] : open) {
    auto& into = open_homes_[home];
    if (into.empty()) {
      into = std::move(flows);
    } else {
      into.insert(into.end(), flows.begin(), flows.end());
    }
  }
  reduced_.insert(reduced_.end(), std::make_move_iterator(reduced.begin()),
                  std::make_move_iterator(reduced.end()));
}

HomePieces EmbeddedEngine::summarize_by_home() {
  const std::lock_guard lock(mutex_);
  std::vector<std::pair<std::uint64_t, std::vector<PackedFlow>>> open(
      std::make_move_iterator(open_homes_.begin()), std::make_move_iterator(open_homes_.end()));
  open_homes_ = {};
  std::vector<HomePiece> reduced = std::move(reduced_);
  reduced_ = {};

  const std::size_t first_new = reduced.size();
  reduced.resize(first_new + open.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < open.size(); i = next++) {
      reduced[first_new + i] =
          parking_->keep(open[i].first, reduce_partition(open[i].second, config_));
      release_vector(open[i].second);  // free each home's flows as soon as it is reduced
    }
  };
  std::vector<std::jthread> workers;
  for (unsigned t = 1; t < threads_; ++t) workers.emplace_back(work);
  work();
  workers.clear();
  // The pieces of a home stay in the order they were reduced.
  return HomePieces(std::move(reduced), parking_);
}

Summaries EmbeddedEngine::summarize() {
  Summaries merged = merge_home_summaries(summarize_by_home().take_all(), MergeTrim::as_it_goes);
  return_free_heap_pages();  // the per-home pieces: as large as the merged summaries
  return merged;
}

}  // namespace iotscope
