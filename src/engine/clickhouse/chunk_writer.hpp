#pragma once
// The idempotent write of docs/clickhouse.md, shared by flows and devices: chunks of rows with
// deterministic ids go to one shard in a single INSERT (one part: all or nothing), between a
// `pending` and a `done` record in that shard's loaded_batches. Chunks an earlier load recorded
// `done` are skipped; `pending` ones are looked up by chunk_id in the target table.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/clickhouse/clickhouse_http.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"

namespace iotscope::clickhouse {

struct LoadCounts {
  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_skipped = 0;  // in chunks an earlier load had stored
  std::uint64_t chunks_loaded = 0;
  std::uint64_t chunks_skipped = 0;
  std::uint64_t inserts = 0;
  LoadCounts& operator+=(const LoadCounts& other);
};

// What an earlier load of this source recorded about a chunk.
struct RecordedChunk {
  bool done = false;
  std::uint64_t rows = 0;
  std::uint64_t content_hash = 0;
};
using RecordedChunks = std::unordered_map<std::uint64_t, RecordedChunk>;

// The chunks of `source_id` recorded in each shard's loaded_batches, indexed like the shards.
std::vector<RecordedChunks> read_recorded_chunks(const ClickHouseLayout& layout,
                                                 const std::string& source_id);

struct Chunk {
  std::uint64_t id = 0;
  std::uint64_t home = 0;
  std::uint32_t piece = 0;
  std::uint32_t index = 0;
  std::uint64_t rows = 0;
  std::uint64_t content_hash = 0;  // sum of row hashes: independent of row order
  std::string text;                // TabSeparated rows, chunk_id first
};

// The id of a chunk: a stable hash of where it sits, never of its rows.
std::uint64_t chunk_id(std::string_view source_id, std::string_view kind, std::uint64_t home,
                       std::uint32_t piece, std::uint32_t index);

class ChunkWriter {
 public:
  // `table` is one of the schema's tables (kFlowsTable, kDevicesTable), `columns` the order of
  // the rows' fields; `recorded` must outlive the writer.
  ChunkWriter(const ClickHouseLayout& layout, std::string source_id,
              const std::vector<RecordedChunks>& recorded, std::string table, std::string columns);

  // Stores the chunks of `shard` that are not stored yet; adds to `counts`.
  void write(std::size_t shard, const std::vector<Chunk>& chunks, LoadCounts& counts);

 private:
  std::vector<const Chunk*> chunks_to_send(std::size_t shard, const std::vector<Chunk>& chunks,
                                           LoadCounts& counts);
  std::unordered_map<std::uint64_t, std::uint64_t> stored_rows(
      std::size_t shard, const std::vector<const Chunk*>& chunks);
  void record(std::size_t shard, const std::vector<const Chunk*>& chunks, std::string_view status);
  ClickHouseHttp& http(std::size_t shard);

  const ClickHouseLayout& layout_;
  std::string source_id_;
  const std::vector<RecordedChunks>& recorded_;
  std::string table_;
  std::string columns_;
  std::unordered_map<std::size_t, std::unique_ptr<ClickHouseHttp>> connections_;
};

}  // namespace iotscope::clickhouse
