#include "engine/clickhouse/document_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <tuple>

#include "engine/clickhouse/answer_fields.hpp"
#include "engine/clickhouse/home_chunks.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

constexpr std::string_view kWhat = "documents";

StoredDocument parse_row(std::string_view line) {
  const auto f = split_tabs(line);
  if (f.size() != 4) {
    throw ClickHouseError(fmt::format("{}: {} fields, expected 4", kWhat, f.size()));
  }
  StoredDocument row;
  row.source_id = unhex(f[0], kWhat);
  row.seq = parse_u64(f[1], kWhat);
  row.document.home = parse_u64(f[2], kWhat);
  row.document.body = unhex(f[3], kWhat);
  return row;
}

// Home 0 (documents of no home) is kept by every selection.
FlowSelection with_home_zero(FlowSelection selection) {
  selection.from_ts.reset();
  selection.until_ts.reset();
  if (!selection.homes.empty()) selection.homes.insert(selection.homes.begin(), 0);
  return selection;
}

}  // namespace

LoadCounts load_documents(const ClickHouseLayout& layout, const std::string& source_id,
                          const std::string& kind, const std::vector<Document>& documents) {
  // One chunk per home: a home's documents of a kind are loaded together or not at all.
  HomeChunks chunks(source_id, kDocumentsTable, std::numeric_limits<std::size_t>::max(),
                    fmt::format("{}/{}", kDocumentsTable, kind));
  for (std::size_t seq = 0; seq < documents.size(); ++seq) {
    const Document& document = documents[seq];
    chunks.add(document.home, [&](std::string& out, std::uint64_t chunk) {
      fmt::format_to(std::back_inserter(out), "{}\t{}\t", chunk, document.home);
      append_tsv_field(out, source_id);
      out.push_back('\t');
      append_tsv_field(out, kind);
      fmt::format_to(std::back_inserter(out), "\t{}\t", seq);
      append_tsv_field(out, document.body);
      out.push_back('\n');
    });
  }
  return std::move(chunks).store(layout, document_columns());
}

std::vector<StoredDocument> query_documents(const ClickHouseLayout& layout, const std::string& kind,
                                            const FlowSelection& selection) {
  ClickHouseHttp http(layout.shards.front().login);
  const std::string where = where_sql(with_home_zero(selection), "");
  const std::string answer = http.query(fmt::format(
      "SELECT hex(source_id), seq, home, hex(body) FROM {} {} kind = {} FORMAT TabSeparated",
      layout.table(kDocumentsTable), where.empty() ? "WHERE" : where + " AND", sql_string(kind)));
  std::vector<StoredDocument> rows;
  for_each_line(answer, [&rows](std::string_view line) { rows.push_back(parse_row(line)); });
  std::sort(rows.begin(), rows.end(), [](const StoredDocument& a, const StoredDocument& b) {
    return std::tie(a.source_id, a.seq) < std::tie(b.source_id, b.seq);
  });
  return rows;
}

}  // namespace iotscope::clickhouse
