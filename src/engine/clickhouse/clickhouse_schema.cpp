#include "engine/clickhouse/clickhouse_schema.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "engine/clickhouse/answer_fields.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

// Enum codes equal the C++ enums' (model/enums.hpp), so ORDER BY agrees with the embedded engine.
constexpr const char* kTransportEnum = "Enum8('tcp' = 0, 'udp' = 1, 'icmp' = 2, 'other' = 3)";
constexpr const char* kScopeEnum =
    "Enum8('local_device' = 0, 'local_unknown' = 1, 'multicast_broadcast' = 2, 'external' = 3)";
constexpr const char* kInitiatorEnum = "Enum8('unknown' = 0, 'device' = 1, 'remote' = 2)";
constexpr const char* kStateEnum =
    "Enum8('unknown' = 0, 'established' = 1, 'rejected' = 2, 'no_reply' = 3, 'partial' = 4)";
constexpr const char* kHowEnum = "Enum8('unknown' = 0, 'port' = 1, 'payload' = 2)";

struct Column {
  const char* name;
  std::string type;
};

std::vector<Column> flow_column_list() {
  return {
      {"chunk_id", "UInt64"},  // the loaded_batches chunk this row came in
      {"home", "UInt64"},
      {"device", "UInt64"},
      {"device_port", "UInt16"},
      {"remote_ip_hi", "UInt64"},  // the address as 16 bytes (IPv4 v4-mapped), big-endian halves
      {"remote_ip_lo", "UInt64"},
      {"remote_ip_set", "UInt8"},  // 0: the address is unknown (all bytes 0)
      {"remote_port", "UInt16"},
      {"transport", kTransportEnum},
      {"scope", kScopeEnum},
      {"peer_device", "UInt64"},
      {"first_ts", "Float64"},
      {"last_ts", "Float64"},
      {"bytes_out", "UInt64"},
      {"bytes_in", "UInt64"},
      {"packets_out", "UInt64"},
      {"packets_in", "UInt64"},
      {"initiator", kInitiatorEnum},
      {"state", kStateEnum},
      {"app_protocol", "String"},
      {"app_how", kHowEnum},
      {"tls_version", "String"},
      {"tls_cipher", "String"},
      {"tls_cipher_grade", "String"},
      {"tls_self_signed", "Int8"},  // -1 unknown, 0 no, 1 yes
      {"remote_hostname", "String"},
      {"windows", "UInt32"},
  };
}

std::vector<Column> device_column_list() {
  return {
      {"chunk_id", "UInt64"},     {"home", "UInt64"},       {"device", "UInt64"},
      {"home_id", "String"},      {"source_id", "String"},  {"ip_hi", "UInt64"},
      {"ip_lo", "UInt64"},        {"ip_set", "UInt8"},      {"mac", "String"},
      {"oui", "String"},          {"oui_vendor", "String"}, {"label_name", "String"},
      {"label_vendor", "String"}, {"label_type", "String"}, {"learnt_names", "Array(String)"},
      {"vendor", "String"},       {"type", "String"},       {"is_gateway", "UInt8"},
      {"inspected", "UInt8"},
  };
}

std::vector<Column> observation_column_list() {
  return {
      {"chunk_id", "UInt64"},
      {"home", "UInt64"},
      {"device", "UInt64"},
      {"source_id", "String"},
      {"seq", "UInt64"},
      {"ts", "Float64"},
      {"kind", "String"},
      {"peer_hi", "UInt64"},
      {"peer_lo", "UInt64"},
      {"peer_set", "UInt8"},
      {"port", "UInt16"},
      {"field_names", "Array(String)"},
      {"field_values", "Array(String)"},
  };
}

// Records stored whole as JSON text (probe runs, input reports): read back by iotscope, and by
// SQL through the JSON functions (visitParamExtract*) where needed.
std::vector<Column> document_column_list() {
  return {
      {"chunk_id", "UInt64"}, {"home", "UInt64"}, {"source_id", "String"},
      {"kind", "String"},     {"seq", "UInt64"},  {"body", "String"},
  };
}

std::vector<Column> batch_column_list() {
  return {
      {"chunk_id", "UInt64"},
      {"source_id", "String"},
      {"home", "UInt64"},
      {"piece", "UInt32"},
      {"chunk", "UInt32"},
      {"rows", "UInt64"},
      {"content_hash", "UInt64"},
      {"status", "Enum8('pending' = 0, 'done' = 1)"},
      {"recorded_at", "DateTime DEFAULT now()"},
  };
}

std::string column_definitions(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& column : columns) {
    if (!out.empty()) out += ",\n  ";
    out += fmt::format("{} {}", sql_identifier(column.name), column.type);
  }
  return out;
}

// MergeTree without a partition key: an INSERT of fewer than max_insert_block_size rows then
// writes exactly one part, so a batch is on a shard completely or not at all.
std::string create_merge_tree(const std::string& name, const std::vector<Column>& columns,
                              const char* order_by) {
  return fmt::format("CREATE TABLE IF NOT EXISTS {} (\n  {}\n) ENGINE = MergeTree() ORDER BY ({})",
                     name, column_definitions(columns), order_by);
}

struct TableSpec {
  const char* name;
  std::vector<Column> columns;
  const char* order_by;
};

std::vector<TableSpec> table_specs() {
  return {{kFlowsTable, flow_column_list(), "home, device, first_ts"},
          {kDevicesTable, device_column_list(), "home, device"},
          {kObservationsTable, observation_column_list(), "home, device, ts"},
          {kDocumentsTable, document_column_list(), "kind, source_id, seq"},
          {kLoadedBatchesTable, batch_column_list(), "source_id, chunk_id"}};
}

std::uint32_t to_number(std::string_view text, std::string_view what) {
  const std::uint64_t value = parse_u64(text, fmt::format("system.clusters {}", what));
  if (value > std::numeric_limits<std::uint32_t>::max()) {
    throw ClickHouseError(fmt::format("system.clusters {}: {} is out of range", what, value));
  }
  return static_cast<std::uint32_t>(value);
}

struct ClusterRow {
  std::uint32_t shard = 0;
  std::uint32_t weight = 0;
  std::string host;
  std::uint32_t native_port = 0;
  bool is_local = false;
};

std::vector<ClusterRow> read_cluster(ClickHouseHttp& http, const std::string& cluster) {
  const std::string answer = http.query(fmt::format(
      "SELECT shard_num, shard_weight, host_address, port, is_local FROM system.clusters "
      "WHERE cluster = {} AND replica_num = 1 ORDER BY shard_num FORMAT TabSeparated",
      sql_string(cluster)));
  std::vector<ClusterRow> rows;
  for_each_line(answer, [&rows](std::string_view line) {
    const auto fields = split_tabs(line);
    if (fields.size() != 5) {
      throw ClickHouseError(fmt::format("system.clusters: unexpected answer: {}", line));
    }
    rows.push_back({to_number(fields[0], "shard number"), to_number(fields[1], "weight"),
                    std::string(fields[2]), to_number(fields[3], "port"), fields[4] == "1"});
  });
  return rows;
}

std::string column_names(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& column : columns) {
    if (!out.empty()) out += ", ";
    out += column.name;
  }
  return out;
}

}  // namespace

std::string ClickHouseLayout::local_table(std::string_view name) const {
  const std::string table_name = distributed() ? fmt::format("{}_local", name) : std::string(name);
  return fmt::format("{}.{}", sql_identifier(url.database), sql_identifier(table_name));
}

std::string ClickHouseLayout::table(std::string_view name) const {
  return fmt::format("{}.{}", sql_identifier(url.database), sql_identifier(name));
}

std::size_t ClickHouseLayout::shard_of_home(std::uint64_t home) const {
  std::uint64_t total = 0;
  for (const auto& shard : shards) total += shard.weight;
  if (total == 0) return 0;
  std::uint64_t slot = home % total;
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (slot < shards[i].weight) return i;
    slot -= shards[i].weight;
  }
  return shards.size() - 1;
}

ClickHouseLayout discover_layout(const ClickHouseUrl& url, const std::string& password) {
  ClickHouseLayout layout;
  layout.url = url;
  const ServerLogin own{url.host, url.port, url.user, password};
  if (url.cluster.empty()) {
    layout.shards.push_back({1, 1, own});
    return layout;
  }
  ClickHouseHttp http(own);
  const auto rows = read_cluster(http, url.cluster);
  if (rows.empty()) {
    throw ClickHouseError(fmt::format(
        "ClickHouse at {}: no cluster '{}' in system.clusters (its remote_servers configuration)",
        own.address(), url.cluster));
  }
  int shift = 0;
  for (const auto& row : rows) {
    if (row.is_local) shift = static_cast<int>(url.port) - static_cast<int>(row.native_port);
  }
  for (const auto& row : rows) {
    const int http_port = static_cast<int>(row.native_port) + shift;
    if (http_port <= 0 || http_port > 65535) {
      throw ClickHouseError(
          fmt::format("cluster '{}': shard {} has no usable HTTP port", url.cluster, row.shard));
    }
    layout.shards.push_back(
        {row.shard, row.weight,
         ServerLogin{row.is_local ? url.host : row.host, static_cast<std::uint16_t>(http_port),
                     url.user, password}});
  }
  return layout;
}

void create_schema(const ClickHouseLayout& layout) {
  for (const auto& shard : layout.shards) {
    ClickHouseHttp http(shard.login);
    http.query(
        fmt::format("CREATE DATABASE IF NOT EXISTS {}", sql_identifier(layout.url.database)));
    for (const auto& spec : table_specs()) {
      http.query(create_merge_tree(layout.local_table(spec.name), spec.columns, spec.order_by));
      if (layout.distributed()) {
        http.query(fmt::format(
            "CREATE TABLE IF NOT EXISTS {} AS {} ENGINE = Distributed({}, {}, {}, home)",
            layout.table(spec.name), layout.local_table(spec.name),
            sql_identifier(layout.url.cluster), sql_identifier(layout.url.database),
            sql_identifier(fmt::format("{}_local", spec.name))));
      }
    }
  }
}

std::string flow_columns() {
  return column_names(flow_column_list());
}

std::string device_columns() {
  return column_names(device_column_list());
}

std::string observation_columns() {
  return column_names(observation_column_list());
}

std::string document_columns() {
  return column_names(document_column_list());
}

}  // namespace iotscope::clickhouse
