#include "engine/embedded_engine.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <iterator>
#include <stdexcept>
#include <thread>
#include <utility>

#include "engine/heap_trim.hpp"
#include "engine/home_reducer.hpp"
#include "engine/partition_reducer.hpp"
#include "engine/summaries_merge.hpp"
#include "engine/summaries_release.hpp"

namespace iotscope {
namespace {

// Flows of completed homes waiting for the background reducer, at most: about 700,000 flows,
// a second of reduction. At 50,000 homes 256 MiB was no faster and raised the peak by 0.5 GB
// (the waiting flows, and fragmentation of what the reducer kept beside them).
constexpr std::size_t kMaxFlowBytesWaiting = std::size_t{64} << 20;

// Shares the reducer and the parking it writes into, so an aggregator that was never absorbed
// (an exception on its way, or summarize_by_home() called first) still finishes its homes safely
// when it goes, whatever went before it.
class EmbeddedAggregator final : public FlowAggregator {
 public:
  EmbeddedAggregator(std::shared_ptr<SummariesParking> parking,
                     std::shared_ptr<HomeReducer> reducer)
      : parking_(std::move(parking)), reducer_(std::move(reducer)) {}
  EmbeddedAggregator(const EmbeddedAggregator&) = delete;
  EmbeddedAggregator& operator=(const EmbeddedAggregator&) = delete;
  // The reducer writes into reduced_: it must be done before reduced_ goes.
  ~EmbeddedAggregator() override {
    try {
      reducer_->wait(batch_);
    } catch (...) {  // NOLINT(bugprone-empty-catch): the pieces are dropped with the aggregator
    }
  }

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
    reducer_->reduce(home, std::move(it->second), reduced_.emplace_back(), batch_);
    open_.erase(it);
  }

  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> take_open() {
    last_flows_ = nullptr;
    return std::move(open_);
  }
  std::vector<HomePiece> take_reduced() {
    reducer_->wait(batch_);
    std::vector<HomePiece> pieces(std::make_move_iterator(reduced_.begin()),
                                  std::make_move_iterator(reduced_.end()));
    reduced_.clear();
    return pieces;
  }

 private:
  std::shared_ptr<SummariesParking> parking_;  // first: it outlives the reducer
  std::shared_ptr<HomeReducer> reducer_;
  HomeReducer::Batch batch_;
  std::unordered_map<std::uint64_t, std::vector<PackedFlow>> open_;
  std::deque<HomePiece> reduced_;  // stable places for the reducer to fill
  std::uint64_t last_home_ = 0;
  std::vector<PackedFlow>* last_flows_ = nullptr;
};

}  // namespace

EmbeddedEngine::EmbeddedEngine(EngineConfig config, unsigned threads)
    : config_(std::move(config)),
      threads_(threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads),
      parking_(std::make_shared<SummariesParking>(
          config_.spill_directory.empty() ? default_spill_directory() : config_.spill_directory,
          config_.summaries_in_memory)),
      reducer_(make_reducer()) {
  if (!(config_.scan_window_seconds > 0)) {
    throw std::invalid_argument("scan window must be a positive number of seconds");
  }
}

std::unique_ptr<FlowAggregator> EmbeddedEngine::make_aggregator() {
  const std::lock_guard lock(mutex_);
  if (!reducer_) reducer_ = make_reducer();
  return std::make_unique<EmbeddedAggregator>(parking_, reducer_);
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

std::shared_ptr<HomeReducer> EmbeddedEngine::make_reducer() const {
  // One thread asked for is one core used: then the workers reduce their homes themselves.
  return std::make_shared<HomeReducer>(config_, *parking_, threads_ > 1 ? kMaxFlowBytesWaiting : 0);
}

HomePieces EmbeddedEngine::summarize_by_home() {
  const std::lock_guard lock(mutex_);
  // Every aggregator was absorbed (the contract), so the reducer is idle and its thread ends
  // here: a finished thread's heap goes back to the others; an idle one would sit on its free
  // pages. An aggregator not absorbed keeps the reducer alive until it goes.
  reducer_.reset();
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
