#include "engine/clickhouse/observation_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <tuple>

#include "engine/clickhouse/address_halves.hpp"
#include "engine/clickhouse/answer_fields.hpp"
#include "engine/clickhouse/home_chunks.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

constexpr std::size_t kChunkRows = 100'000;
constexpr std::string_view kObservations = "observations";

void append_row(std::string& out, std::uint64_t chunk, const std::string& source_id,
                std::uint64_t seq, const Observation& o) {
  const AddressHalves peer = halves_of(o.peer);
  fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t", chunk, o.device.home, o.device.device);
  append_tsv_field(out, source_id);
  fmt::format_to(std::back_inserter(out), "\t{}\t{}\t", seq, o.ts);
  append_tsv_field(out, o.kind);
  fmt::format_to(std::back_inserter(out), "\t{}\t{}\t{}\t{}\t", peer.hi, peer.lo,
                 o.peer.is_unset() ? 0 : 1, o.port);
  std::vector<std::string> names;
  std::vector<std::string> values;
  for (const auto& [name, value] : o.fields) {
    names.push_back(name);
    values.push_back(value);
  }
  append_tsv_array(out, names);
  out.push_back('\t');
  append_tsv_array(out, values);
  out.push_back('\n');
}

struct StoredObservation {
  std::string source_id;
  std::uint64_t seq = 0;
  Observation observation;
};

StoredObservation parse_observation_row(std::string_view line) {
  const auto f = split_tabs(line);
  if (f.size() != 12) {
    throw ClickHouseError(fmt::format("{}: {} fields, expected 12", kObservations, f.size()));
  }
  StoredObservation row;
  row.source_id = unhex(f[0], kObservations);
  row.seq = parse_u64(f[1], kObservations);
  Observation& o = row.observation;
  o.device = {parse_u64(f[2], kObservations), parse_u64(f[3], kObservations)};
  o.ts = parse_f64(f[4], kObservations);
  o.kind = unhex(f[5], kObservations);
  o.peer =
      address_from({parse_u64(f[6], kObservations), parse_u64(f[7], kObservations)}, f[8] == "1");
  const std::uint64_t port = parse_u64(f[9], kObservations);
  if (port > 65535)
    throw ClickHouseError(fmt::format("{}: port {} out of range", kObservations, port));
  o.port = static_cast<std::uint16_t>(port);
  const auto names = unhex_array(f[10], kObservations);
  const auto values = unhex_array(f[11], kObservations);
  if (names.size() != values.size()) {
    throw ClickHouseError(fmt::format("{}: {} field names but {} values", kObservations,
                                      names.size(), values.size()));
  }
  for (std::size_t i = 0; i < names.size(); ++i) o.fields.emplace(names[i], values[i]);
  return row;
}

}  // namespace

LoadCounts load_observations(const ClickHouseLayout& layout,
                             const std::vector<Observation>& observations,
                             const std::string& source_id) {
  HomeChunks chunks(source_id, kObservationsTable, kChunkRows);
  for (std::size_t seq = 0; seq < observations.size(); ++seq) {
    const Observation& observation = observations[seq];
    chunks.add(observation.device.home, [&](std::string& out, std::uint64_t chunk) {
      append_row(out, chunk, source_id, seq, observation);
    });
  }
  return std::move(chunks).store(layout, observation_columns());
}

std::vector<Observation> query_observations(const ClickHouseLayout& layout,
                                            const FlowSelection& selection) {
  ClickHouseHttp http(layout.shards.front().login);
  const std::string answer = http.query(fmt::format(
      "SELECT hex(source_id), seq, home, device, ts, hex(kind), peer_hi, peer_lo, peer_set, port, "
      "arrayMap(x -> hex(x), field_names), arrayMap(x -> hex(x), field_values) FROM {}{} "
      "FORMAT TabSeparated",
      layout.table(kObservationsTable), where_sql(selection, "ts")));
  std::vector<StoredObservation> rows;
  for_each_line(answer,
                [&rows](std::string_view line) { rows.push_back(parse_observation_row(line)); });
  std::sort(rows.begin(), rows.end(), [](const StoredObservation& a, const StoredObservation& b) {
    return std::tie(a.source_id, a.seq) < std::tie(b.source_id, b.seq);
  });
  std::vector<Observation> out;
  out.reserve(rows.size());
  for (auto& row : rows) out.push_back(std::move(row.observation));
  return out;
}

}  // namespace iotscope::clickhouse
