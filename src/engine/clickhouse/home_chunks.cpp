#include "engine/clickhouse/home_chunks.hpp"

namespace iotscope::clickhouse {
namespace {

// Whole chunks per INSERT, up to kBatchRows rows (a chunk longer than that goes alone): far below
// the block size at which one INSERT would become several parts.
constexpr std::uint64_t kBatchRows = 100'000;

void write_in_batches(ChunkWriter& writer, std::size_t shard, std::vector<Chunk>& chunks,
                      LoadCounts& counts) {
  std::vector<Chunk> batch;
  std::uint64_t rows = 0;
  for (Chunk& chunk : chunks) {
    if (!batch.empty() && rows + chunk.rows > kBatchRows) {
      writer.write(shard, batch, counts);
      batch.clear();
      rows = 0;
    }
    rows += chunk.rows;
    batch.push_back(std::move(chunk));
  }
  writer.write(shard, batch, counts);
}

}  // namespace

HomeChunks::HomeChunks(std::string source_id, std::string table, std::size_t max_rows,
                       std::string chunk_kind)
    : source_id_(std::move(source_id)),
      table_(std::move(table)),
      chunk_kind_(chunk_kind.empty() ? table_ : std::move(chunk_kind)),
      max_rows_(max_rows) {}

Chunk& HomeChunks::open_chunk(std::uint64_t home) {
  auto& chunks = homes_[home];
  if (chunks.empty() || chunks.back().rows >= max_rows_) {
    Chunk chunk;
    chunk.home = home;
    chunk.index = static_cast<std::uint32_t>(chunks.size());
    chunk.id = chunk_id(source_id_, chunk_kind_, home, 0, chunk.index);
    chunks.push_back(std::move(chunk));
  }
  return chunks.back();
}

LoadCounts HomeChunks::store(const ClickHouseLayout& layout, const std::string& columns) && {
  std::vector<std::vector<Chunk>> per_shard(layout.shards.size());
  for (auto& [home, chunks] : homes_) {
    auto& shard = per_shard[layout.shard_of_home(home)];
    std::move(chunks.begin(), chunks.end(), std::back_inserter(shard));
  }
  homes_.clear();
  const auto recorded = read_recorded_chunks(layout, source_id_);
  ChunkWriter writer(layout, source_id_, recorded, table_, columns);
  LoadCounts counts;
  for (std::size_t shard = 0; shard < per_shard.size(); ++shard) {
    write_in_batches(writer, shard, per_shard[shard], counts);
  }
  return counts;
}

}  // namespace iotscope::clickhouse
