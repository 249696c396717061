#pragma once
// Records ClickHouse keeps whole, as text (the documents table): probe runs as the JSON Lines
// `iotscope probe` writes, input reports as JSON. iotscope reads them back to rebuild what the
// sources read; their text format belongs to the caller.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/clickhouse/chunk_writer.hpp"
#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/flow_selection.hpp"

namespace iotscope::clickhouse {

struct Document {
  std::uint64_t home = 0;  // the home it belongs to (0: none; stored on the first shard's slot)
  std::string body;
};

struct StoredDocument {
  std::string source_id;
  std::uint64_t seq = 0;  // its place in the load
  Document document;
};

// Stores `documents` of `kind` (e.g. "probe_results") from `source_id`, numbered in order; one
// chunk per home and kind.
LoadCounts load_documents(const ClickHouseLayout& layout, const std::string& source_id,
                          const std::string& kind, const std::vector<Document>& documents);

// The documents of `kind` of the selected homes (home 0 always), by source id then as loaded.
std::vector<StoredDocument> query_documents(const ClickHouseLayout& layout, const std::string& kind,
                                            const FlowSelection& selection = {});

}  // namespace iotscope::clickhouse
