#include "engine/clickhouse/chunk_writer.hpp"

#include <fmt/format.h>

#include "engine/clickhouse/answer_fields.hpp"
#include "engine/clickhouse/flow_row.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

constexpr std::string_view kBatches = "loaded_batches";

RecordedChunks read_recorded(const ClickHouseLayout& layout, const Shard& shard,
                             const std::string& source_id) {
  ClickHouseHttp http(shard.login);
  const std::string answer = http.query(
      fmt::format("SELECT chunk_id, max(toUInt8(status)), any(rows), any(content_hash) FROM {} "
                  "WHERE source_id = {} GROUP BY chunk_id FORMAT TabSeparated",
                  layout.local_table(kLoadedBatchesTable), sql_string(source_id)));
  RecordedChunks out;
  for_each_line(answer, [&out](std::string_view line) {
    const auto fields = split_tabs(line);
    if (fields.size() != 4) {
      throw ClickHouseError(fmt::format("{}: unexpected answer: {}", kBatches, line));
    }
    out[parse_u64(fields[0], kBatches)] = {fields[1] == "1", parse_u64(fields[2], kBatches),
                                           parse_u64(fields[3], kBatches)};
  });
  return out;
}

}  // namespace

LoadCounts& LoadCounts::operator+=(const LoadCounts& other) {
  rows_loaded += other.rows_loaded;
  rows_skipped += other.rows_skipped;
  chunks_loaded += other.chunks_loaded;
  chunks_skipped += other.chunks_skipped;
  inserts += other.inserts;
  return *this;
}

std::vector<RecordedChunks> read_recorded_chunks(const ClickHouseLayout& layout,
                                                 const std::string& source_id) {
  std::vector<RecordedChunks> out;
  for (const auto& shard : layout.shards) out.push_back(read_recorded(layout, shard, source_id));
  return out;
}

std::uint64_t chunk_id(std::string_view source_id, std::string_view kind, std::uint64_t home,
                       std::uint32_t piece, std::uint32_t index) {
  return stable_hash(
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", source_id, kind, home, piece, index));
}

ChunkWriter::ChunkWriter(const ClickHouseLayout& layout, std::string source_id,
                         const std::vector<RecordedChunks>& recorded, std::string table,
                         std::string columns)
    : layout_(layout),
      source_id_(std::move(source_id)),
      recorded_(recorded),
      table_(std::move(table)),
      columns_(std::move(columns)) {}

ClickHouseHttp& ChunkWriter::http(std::size_t shard) {
  auto& connection = connections_[shard];
  if (!connection) connection = std::make_unique<ClickHouseHttp>(layout_.shards[shard].login);
  return *connection;
}

std::unordered_map<std::uint64_t, std::uint64_t> ChunkWriter::stored_rows(
    std::size_t shard, const std::vector<const Chunk*>& chunks) {
  std::string ids;
  for (const Chunk* chunk : chunks) ids += fmt::format("{}{}", ids.empty() ? "" : ",", chunk->id);
  const std::string answer = http(shard).query(
      fmt::format("SELECT chunk_id, count() FROM {} WHERE chunk_id IN ({}) GROUP BY chunk_id "
                  "FORMAT TabSeparated",
                  layout_.local_table(table_), ids));
  std::unordered_map<std::uint64_t, std::uint64_t> out;
  for_each_line(answer, [&](std::string_view line) {
    const auto fields = split_tabs(line);
    if (fields.size() == 2) out[parse_u64(fields[0], table_)] = parse_u64(fields[1], table_);
  });
  return out;
}

std::vector<const Chunk*> ChunkWriter::chunks_to_send(std::size_t shard,
                                                      const std::vector<Chunk>& chunks,
                                                      LoadCounts& counts) {
  const RecordedChunks& recorded = recorded_[shard];
  std::vector<const Chunk*> send;
  std::vector<const Chunk*> unsure;
  const auto skip = [&counts](const Chunk& chunk) {
    ++counts.chunks_skipped;
    counts.rows_skipped += chunk.rows;
  };
  for (const Chunk& chunk : chunks) {
    const auto it = recorded.find(chunk.id);
    if (it == recorded.end()) {
      send.push_back(&chunk);
      continue;
    }
    if (it->second.rows != chunk.rows || it->second.content_hash != chunk.content_hash) {
      throw ClickHouseError(fmt::format(
          "ClickHouse at {}: source '{}' {} of home {} chunk {}.{} was loaded before with other "
          "contents ({} rows then, {} now); load it under another source id",
          layout_.shards[shard].login.address(), source_id_, table_, chunk.home, chunk.piece,
          chunk.index, it->second.rows, chunk.rows));
    }
    if (it->second.done) {
      skip(chunk);
    } else {
      unsure.push_back(&chunk);
    }
  }
  if (!unsure.empty()) {
    const auto stored = stored_rows(shard, unsure);
    for (const Chunk* chunk : unsure) {
      const auto it = stored.find(chunk->id);
      if (it != stored.end() && it->second == chunk->rows) {
        skip(*chunk);
      } else {
        send.push_back(chunk);
      }
    }
  }
  return send;
}

void ChunkWriter::record(std::size_t shard, const std::vector<const Chunk*>& chunks,
                         std::string_view status) {
  std::string rows;
  for (const Chunk* chunk : chunks) {
    fmt::format_to(std::back_inserter(rows), "{}\t", chunk->id);
    append_tsv_field(rows, source_id_);
    fmt::format_to(std::back_inserter(rows), "\t{}\t{}\t{}\t{}\t{}\t{}\n", chunk->home,
                   chunk->piece, chunk->index, chunk->rows, chunk->content_hash, status);
  }
  http(shard).execute_with_data(
      fmt::format("INSERT INTO {} (chunk_id, source_id, home, piece, chunk, rows, content_hash, "
                  "status) FORMAT TabSeparated",
                  layout_.local_table(kLoadedBatchesTable)),
      rows);
}

void ChunkWriter::write(std::size_t shard, const std::vector<Chunk>& chunks, LoadCounts& counts) {
  if (chunks.empty()) return;
  const std::vector<const Chunk*> send = chunks_to_send(shard, chunks, counts);
  if (send.empty()) return;
  std::string body;
  std::uint64_t rows = 0;
  for (const Chunk* chunk : send) {
    body += chunk->text;
    rows += chunk->rows;
  }
  record(shard, send, "pending");
  http(shard).execute_with_data(
      fmt::format("INSERT INTO {} ({}) FORMAT TabSeparated", layout_.local_table(table_), columns_),
      body);
  record(shard, send, "done");
  ++counts.inserts;
  counts.chunks_loaded += send.size();
  counts.rows_loaded += rows;
}

}  // namespace iotscope::clickhouse
