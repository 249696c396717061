#include "engine/clickhouse/clickhouse_loader.hpp"

#include <fmt/format.h>

#include "engine/clickhouse/flow_row.hpp"

namespace iotscope::clickhouse {
namespace {

constexpr std::size_t kMaxInsertRows = 500'000;  // below max_insert_block_size: one part

// Rows are written with a placeholder chunk id "0" because the id is known only when the chunk
// closes; this puts the id in.
std::string with_chunk_id(const std::string& text, std::uint64_t id) {
  const std::string prefix = fmt::format("{}", id);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t line = 0;
  while (line < text.size()) {
    const std::size_t end = text.find('\n', line);
    out += prefix;
    out.append(text, line + 1, end - line);  // drops the placeholder '0', keeps the '\n'
    line = end + 1;
  }
  return out;
}

}  // namespace

class LoaderAggregator final : public FlowAggregator {
  // The open chunk of a home and where the home's cut points are.
  struct HomeState {
    std::uint32_t piece = 0;
    std::uint32_t chunk = 0;
    Chunk open;
  };

 public:
  explicit LoaderAggregator(ClickHouseLoader& loader)
      : loader_(loader),
        writer_(loader.layout_, loader.settings_.source_id, loader.recorded_, kFlowsTable,
                flow_columns()),
        pending_(loader.layout_.shards.size()),
        pending_rows_(pending_.size()) {}

  void add(const FlowRecord& flow) override {
    if (loader_.failed()) return;  // the load stops; absorb() reports why
    HomeState& home = homes_[flow.device.home];
    Chunk& chunk = home.open;
    const std::size_t before = chunk.text.size();
    append_flow_row(chunk.text, 0, flow);
    chunk.content_hash += stable_hash(std::string_view(chunk.text).substr(before));
    ++chunk.rows;
    if (chunk.rows >= loader_.settings_.chunk_rows) close_chunk(flow.device.home, home);
  }

  void home_complete(std::uint64_t home) override {
    if (loader_.failed()) return;
    const auto it = homes_.find(home);
    if (it == homes_.end()) return;
    close_chunk(home, it->second);
    ++it->second.piece;
    it->second.chunk = 0;
  }

  // Sends everything still held, unless the load failed.
  void finish() {
    if (!loader_.failed()) {
      for (auto& [home, state] : homes_) close_chunk(home, state);
      for (std::size_t shard = 0; shard < pending_.size(); ++shard) flush(shard);
    }
    loader_.add_counts(counts_);
  }

 private:
  void close_chunk(std::uint64_t home, HomeState& state) {
    Chunk& chunk = state.open;
    if (chunk.rows == 0) return;
    chunk.home = home;
    chunk.piece = state.piece;
    chunk.index = state.chunk++;
    chunk.id = chunk_id(loader_.settings_.source_id, kFlowsTable, home, chunk.piece, chunk.index);
    chunk.text = with_chunk_id(chunk.text, chunk.id);
    const std::size_t shard = loader_.layout_.shard_of_home(home);
    pending_rows_[shard] += chunk.rows;
    pending_[shard].push_back(std::move(chunk));
    chunk = Chunk{};
    const std::size_t limit = std::min(loader_.settings_.batch_rows, kMaxInsertRows);
    if (pending_rows_[shard] >= limit) flush(shard);
  }

  // A refused insert must not escape add(): sources call it on worker threads. The first error
  // stops every aggregator of the load and comes out of absorb().
  void flush(std::size_t shard) {
    if (loader_.failed()) return;
    const std::uint64_t before = counts_.rows_loaded;
    try {
      writer_.write(shard, pending_[shard], counts_);
    } catch (const ClickHouseError& error) {
      loader_.fail(error.what());
    }
    loader_.rows_loaded_.fetch_add(counts_.rows_loaded - before, std::memory_order_relaxed);
    pending_[shard].clear();
    pending_rows_[shard] = 0;
  }

  ClickHouseLoader& loader_;
  ChunkWriter writer_;
  std::unordered_map<std::uint64_t, HomeState> homes_;
  std::vector<std::vector<Chunk>> pending_;  // closed chunks per shard
  std::vector<std::uint64_t> pending_rows_;
  LoadCounts counts_;
};

ClickHouseLoader::ClickHouseLoader(ClickHouseLayout layout, LoaderSettings settings)
    : layout_(std::move(layout)), settings_(std::move(settings)) {
  if (settings_.chunk_rows == 0 || settings_.batch_rows == 0) {
    throw std::invalid_argument("ClickHouse loader: chunk_rows and batch_rows must be positive");
  }
  settings_.chunk_rows = std::min(settings_.chunk_rows, kMaxInsertRows / 2);
  recorded_ = read_recorded_chunks(layout_, settings_.source_id);
}

std::unique_ptr<FlowAggregator> ClickHouseLoader::make_aggregator() {
  return std::make_unique<LoaderAggregator>(*this);
}

void ClickHouseLoader::absorb(std::unique_ptr<FlowAggregator> partial) {
  auto* aggregator = dynamic_cast<LoaderAggregator*>(partial.get());
  if (aggregator == nullptr) {
    throw std::invalid_argument("ClickHouse loader: absorb() got another engine's aggregator");
  }
  aggregator->finish();
  const std::lock_guard lock(mutex_);
  if (!error_.empty()) throw ClickHouseError(error_);
}

void ClickHouseLoader::fail(const std::string& error) {
  const std::lock_guard lock(mutex_);
  if (error_.empty()) error_ = error;
  failed_.store(true, std::memory_order_relaxed);
}

Summaries ClickHouseLoader::summarize() {
  return {};
}

LoadCounts ClickHouseLoader::counts() const {
  const std::lock_guard lock(mutex_);
  return counts_;
}

void ClickHouseLoader::add_counts(const LoadCounts& counts) {
  const std::lock_guard lock(mutex_);
  counts_ += counts;
}

}  // namespace iotscope::clickhouse
