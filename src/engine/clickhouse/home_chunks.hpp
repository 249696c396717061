#pragma once
// Rows of many homes cut into the chunks of chunk_writer.hpp: a home's rows in the order given,
// a new chunk every `max_rows`; then stored idempotently, each home's chunks on its shard. For
// records that arrive all at once (devices, observations, documents); flows stream through
// ClickHouseLoader instead.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_row.hpp"

namespace iotscope::clickhouse {

class HomeChunks {
 public:
  // Rows go to `table` (kDevicesTable, ...); chunk ids hash `chunk_kind`, the table's name when
  // empty (tables holding several kinds of rows give each its own).
  HomeChunks(std::string source_id, std::string table, std::size_t max_rows,
             std::string chunk_kind = {});

  // `append_row(text, chunk_id)` appends one TabSeparated row (its chunk id first) to text.
  template <typename AppendRow>
  void add(std::uint64_t home, AppendRow&& append_row) {
    Chunk& chunk = open_chunk(home);
    const std::size_t start = chunk.text.size();
    append_row(chunk.text, chunk.id);
    chunk.content_hash += stable_hash(std::string_view(chunk.text).substr(start));
    ++chunk.rows;
  }

  // Stores the chunks an earlier load of the source did not store.
  LoadCounts store(const ClickHouseLayout& layout, const std::string& columns) &&;

 private:
  Chunk& open_chunk(std::uint64_t home);

  std::string source_id_;
  std::string table_;
  std::string chunk_kind_;
  std::size_t max_rows_;
  std::map<std::uint64_t, std::vector<Chunk>> homes_;
};

}  // namespace iotscope::clickhouse
