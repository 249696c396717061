// Loads that fail half-way and are run again: a shard going down during a load, and loads that
// died between storing rows and recording them. Final row counts must equal the input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clickhouse_test_servers.hpp"
#include "engine/clickhouse/clickhouse_loader.hpp"

namespace iotscope::clickhouse {
namespace {

std::vector<FlowRecord> homes_of_flows(std::size_t homes, std::size_t per_home) {
  std::vector<FlowRecord> flows;
  for (std::size_t h = 0; h < homes; ++h) {
    for (std::size_t i = 0; i < per_home; ++i) {
      FlowRecord f;
      f.device = {0xD1B54A32D192ED03ULL * (h + 7), 1 + i % 4};
      f.device_port = static_cast<std::uint16_t>(1024 + i);
      f.remote_ip = IpAddress::v4(0x08080800U + static_cast<std::uint32_t>(i % 9));
      f.remote_port = 443;
      f.transport = Transport::tcp;
      f.first_ts = 1.7e9 + static_cast<double>(i);
      f.last_ts = f.first_ts + 2;
      f.remote_hostname = "label 'x'\\" + std::to_string(i);
      flows.push_back(f);
    }
  }
  return flows;
}

constexpr std::size_t kHomes = 16;
constexpr std::size_t kPerHome = 200;

class ClickHouseLoadRecovery : public test_servers::ClusterTest {
 protected:
  void SetUp() override {
    ClusterTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    flows_ = homes_of_flows(kHomes, kPerHome);
  }

  // Feeds flows [0, stop_at) of the input; a server refusing surfaces as ClickHouseError.
  LoadCounts load(std::size_t stop_at = SIZE_MAX, const std::function<void()>& halfway = {}) {
    ClickHouseLoader loader(layout_, {"recovery-source", 100, 250});
    auto aggregator = loader.make_aggregator();
    for (std::size_t i = 0; i < flows_.size() && i < stop_at; ++i) {
      if (i == flows_.size() / 2 && halfway) halfway();
      aggregator->add(flows_[i]);
      if ((i + 1) % kPerHome == 0) aggregator->home_complete(flows_[i].device.home);
    }
    loader.absorb(std::move(aggregator));
    return loader.counts();
  }

  std::uint64_t rows_on(std::size_t shard, const std::string& table) {
    ClickHouseHttp http(layout_.shards.at(shard).login);
    return std::stoull(http.query("SELECT count() FROM iot." + table));
  }

  void query_on(std::size_t shard, const std::string& sql) {
    ClickHouseHttp http(layout_.shards.at(shard).login);
    http.query(sql);
  }

  std::vector<FlowRecord> flows_;
};

TEST_F(ClickHouseLoadRecovery, ShardDownDuringLoadIsNamedAndARerunCompletesWithoutDuplicates) {
  const std::string shard2 = layout_.shards[1].login.address();
  try {
    load(SIZE_MAX, [this] { ASSERT_TRUE(servers_->stop_one(2)); });
    FAIL() << "a load with shard 2 down must fail";
  } catch (const ClickHouseError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("ClickHouse at " + shard2), std::string::npos) << message;
    EXPECT_NE(message.find("Failed to connect"), std::string::npos) << message;
  }
  const std::uint64_t before = rows_on(0, "flows_local");
  EXPECT_GT(before, 0U);  // shard 1 took its batches before the failure
  ASSERT_TRUE(servers_->start_one(2));

  const LoadCounts rerun = load();
  EXPECT_GT(rerun.rows_skipped, 0U);
  EXPECT_EQ(rerun.rows_loaded + rerun.rows_skipped, flows_.size());
  EXPECT_EQ(rows_on(0, "flows"), flows_.size());
  EXPECT_EQ(rows_on(1, "flows"), flows_.size());

  const LoadCounts third = load();
  EXPECT_EQ(third.rows_loaded, 0U);
  EXPECT_EQ(rows_on(0, "flows"), flows_.size());
}

// A load that died after `pending` was recorded: on shard 1 the rows were stored (only `done` is
// missing), on shard 2 they were not. The rerun skips the first and sends the second.
TEST_F(ClickHouseLoadRecovery, PendingChunksAreCheckedAgainstTheStoredRows) {
  const LoadCounts first = load();
  ASSERT_EQ(first.rows_loaded, flows_.size());
  const std::uint64_t on1 = rows_on(0, "flows_local");
  const std::uint64_t on2 = rows_on(1, "flows_local");
  ASSERT_EQ(on1 + on2, flows_.size());
  for (std::size_t shard = 0; shard < 2; ++shard) {
    query_on(shard,
             "CREATE TABLE iot.pending_only ENGINE = Memory AS SELECT * FROM "
             "iot.loaded_batches_local WHERE status = 'pending'");
    query_on(shard, "TRUNCATE TABLE iot.loaded_batches_local");
    query_on(shard, "INSERT INTO iot.loaded_batches_local SELECT * FROM iot.pending_only");
  }
  query_on(1, "TRUNCATE TABLE iot.flows_local");
  ASSERT_EQ(rows_on(0, "flows"), on1);

  const LoadCounts rerun = load();
  EXPECT_EQ(rerun.rows_skipped, on1);
  EXPECT_EQ(rerun.rows_loaded, on2);
  EXPECT_EQ(rows_on(0, "flows_local"), on1);
  EXPECT_EQ(rows_on(1, "flows_local"), on2);
  EXPECT_EQ(rows_on(0, "flows"), flows_.size());
}

TEST_F(ClickHouseLoadRecovery, OtherContentsUnderTheSameSourceAreRefused) {
  load();
  flows_[3].bytes_out = 12345;  // same chunk positions, other rows
  try {
    load();
    FAIL() << "different contents under one source id must be refused";
  } catch (const ClickHouseError& e) {
    EXPECT_NE(std::string(e.what()).find("was loaded before with other contents"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(rows_on(0, "flows"), flows_.size());
}

}  // namespace
}  // namespace iotscope::clickhouse
