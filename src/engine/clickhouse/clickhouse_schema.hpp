#pragma once
// The tables iotscope keeps in ClickHouse (docs/clickhouse.md): flows, devices, observations,
// documents (probe runs, input reports) and the record of loaded batches. With a cluster, each
// shard holds `<table>_local` (MergeTree) and every server a Distributed `<table>` over them,
// sharded by home; with one server, `<table>` is the MergeTree table itself.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/clickhouse/clickhouse_http.hpp"
#include "engine/clickhouse/clickhouse_url.hpp"

namespace iotscope::clickhouse {

struct Shard {
  std::uint32_t number = 1;  // system.clusters.shard_num
  std::uint32_t weight = 1;
  ServerLogin login;
};

struct ClickHouseLayout {
  ClickHouseUrl url;
  std::vector<Shard> shards;  // ordered by number; one entry without a cluster

  bool distributed() const { return !url.cluster.empty(); }
  // "db.flows_local" with a cluster, "db.flows" without; identifiers quoted.
  std::string local_table(std::string_view table) const;
  // "db.flows": the Distributed table, or the one table.
  std::string table(std::string_view table) const;
  // The shard a home's rows live on: the Distributed table's rule for sharding key `home`
  // (home modulo the total weight, shards taking consecutive slots by weight).
  std::size_t shard_of_home(std::uint64_t home) const;
};

inline constexpr const char* kFlowsTable = "flows";
inline constexpr const char* kDevicesTable = "devices";
inline constexpr const char* kObservationsTable = "observations";
inline constexpr const char* kDocumentsTable = "documents";
inline constexpr const char* kLoadedBatchesTable = "loaded_batches";

// The shards of url.cluster from the URL server's system.clusters (first replica of each); the
// HTTP port of a shard is its native port shifted like the URL server's own (HTTP port minus
// native port), which is the same port on every host of a usual cluster and 8123/9000,
// 8124/9001 for two local servers. Without a cluster: the URL server alone.
ClickHouseLayout discover_layout(const ClickHouseUrl& url, const std::string& password);

// Creates the database and tables on every shard (and the Distributed tables on every shard),
// if they do not exist. ON CLUSTER would need ZooKeeper; this needs none.
void create_schema(const ClickHouseLayout& layout);

// The TabSeparated column order of the flows and devices tables, as the loaders write rows.
std::string flow_columns();
std::string device_columns();
std::string observation_columns();
std::string document_columns();

}  // namespace iotscope::clickhouse
