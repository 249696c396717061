#include "engine/embedded_engine.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "engine/partition_reducer.hpp"

namespace iotscope {
namespace {

// Enough partitions that two threads stay balanced and each partition's sort fits in cache.
constexpr unsigned kPartitionBits = 10;

template <typename T>
void append(std::vector<T>& into, std::vector<T>&& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

// Fixed-size chunks: growing one vector would briefly hold twice the flows while it reallocates.
constexpr std::size_t kChunkFlows = std::size_t{1} << 16;

class EmbeddedAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord& flow) override {
    if (chunks_.empty() || chunks_.back().size() == kChunkFlows) {
      chunks_.emplace_back().reserve(kChunkFlows);
    }
    chunks_.back().push_back(PackedFlow::from(flow));
  }
  std::vector<std::vector<PackedFlow>> take() { return std::move(chunks_); }

 private:
  std::vector<std::vector<PackedFlow>> chunks_;
};

std::size_t partition_of(const PackedFlow& flow) {
  return static_cast<std::size_t>(flow.device.home >> (64 - kPartitionBits));
}

void merge_histogram(BytesHistogram& into, const BytesHistogram& from) {
  for (std::size_t i = 0; i < BytesHistogram::kBuckets; ++i) into.flows[i] += from.flows[i];
}

// Sized once: growing these by doubling would copy (and page-fault) the largest lists repeatedly.
void reserve_for(Summaries& out, const std::vector<Summaries>& parts) {
  std::size_t local = 0, remote = 0, edges = 0, scans = 0, devices = 0;
  for (const Summaries& part : parts) {
    local += part.local_ports.size();
    remote += part.remote_ports.size();
    edges += part.edges.size();
    scans += part.scan_windows.size();
    devices += part.devices.size();
  }
  out.local_ports.reserve(local);
  out.remote_ports.reserve(remote);
  out.edges.reserve(edges);
  out.scan_windows.reserve(scans);
  out.devices.reserve(devices);
}

void merge_into(Summaries& into, Summaries&& part) {
  append(into.local_ports, std::move(part.local_ports));
  append(into.remote_ports, std::move(part.remote_ports));
  append(into.edges, std::move(part.edges));
  append(into.scan_windows, std::move(part.scan_windows));
  append(into.devices, std::move(part.devices));
  merge_histogram(into.bytes_per_flow_local, part.bytes_per_flow_local);
  merge_histogram(into.bytes_per_flow_external, part.bytes_per_flow_external);
  if (part.flows > 0) {
    if (into.flows == 0 || part.first_ts < into.first_ts) into.first_ts = part.first_ts;
    if (into.flows == 0 || part.last_ts > into.last_ts) into.last_ts = part.last_ts;
  }
  into.flows += part.flows;
}

}  // namespace

EmbeddedEngine::EmbeddedEngine(EngineConfig config, unsigned threads)
    : config_(config),
      threads_(threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads) {
  if (!(config_.scan_window_seconds > 0)) {
    throw std::invalid_argument("scan window must be a positive number of seconds");
  }
}

std::unique_ptr<FlowAggregator> EmbeddedEngine::make_aggregator() {
  return std::make_unique<EmbeddedAggregator>();
}

void EmbeddedEngine::absorb(std::unique_ptr<FlowAggregator> partial) {
  auto* own = dynamic_cast<EmbeddedAggregator*>(partial.get());
  if (own == nullptr) throw std::invalid_argument("aggregator belongs to another engine");
  auto chunks = own->take();
  const std::lock_guard lock(mutex_);
  append(batches_, std::move(chunks));
}

std::size_t EmbeddedEngine::flows_held() const {
  const std::lock_guard lock(mutex_);
  std::size_t total = 0;
  for (const auto& batch : batches_) total += batch.size();
  return total;
}

Summaries EmbeddedEngine::summarize() {
  const std::lock_guard lock(mutex_);
  constexpr std::size_t kPartitions = std::size_t{1} << kPartitionBits;
  std::vector<std::size_t> starts(kPartitions + 1, 0);
  for (const auto& batch : batches_) {
    for (const PackedFlow& flow : batch) ++starts[partition_of(flow) + 1];
  }
  for (std::size_t p = 0; p < kPartitions; ++p) starts[p + 1] += starts[p];
  std::vector<const PackedFlow*> grouped(starts.back());
  std::vector<std::size_t> fill(starts.begin(), starts.end() - 1);
  for (const auto& batch : batches_) {
    for (const PackedFlow& flow : batch) grouped[fill[partition_of(flow)]++] = &flow;
  }

  std::vector<Summaries> parts(kPartitions);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    std::vector<PackedFlow> local;  // one partition, contiguous, so its sorts stay in cache
    for (std::size_t p = next++; p < kPartitions; p = next++) {
      local.clear();
      for (std::size_t i = starts[p]; i < starts[p + 1]; ++i) local.push_back(*grouped[i]);
      parts[p] = reduce_partition(local, config_);
    }
  };
  std::vector<std::jthread> workers;
  for (unsigned t = 1; t < threads_; ++t) workers.emplace_back(work);
  work();
  workers.clear();

  // The flows are no longer needed; the analyses after this want the memory.
  grouped = {};
  batches_ = {};
  Summaries out;
  reserve_for(out, parts);
  for (auto& part : parts) merge_into(out, std::move(part));
  return out;
}

}  // namespace iotscope
