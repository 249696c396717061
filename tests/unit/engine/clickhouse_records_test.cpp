// Observations and documents through two local shards: free text survives byte for byte, the
// order of loading comes back, a second load adds nothing, and a selection keeps its homes and
// times. Skipped when clickhouse-server is not installed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clickhouse_test_servers.hpp"
#include "engine/clickhouse/document_rows.hpp"
#include "engine/clickhouse/observation_rows.hpp"

namespace iotscope::clickhouse {
namespace {

using namespace std::string_literals;

std::vector<Observation> strangers_observations() {
  const std::vector<std::string> texts = {"plain",
                                          "tab\there\nnewline\r",
                                          "nul\0inside"s,
                                          "caf\xc3\xa9 \xff\xfe",
                                          "'); DROP TABLE x; --",
                                          "['a','b']",
                                          "",
                                          "back\\slash\\"};
  std::vector<Observation> out;
  for (std::size_t i = 0; i < 40; ++i) {
    Observation o;
    o.device = {1000 + i % 5, 7 + i % 3};                     // five homes, spread over both shards
    o.ts = 1700000000.0 + 0.1 * static_cast<double>(39 - i);  // loaded out of time order
    o.kind = i % 2 ? "tls_handshake" : texts[i % texts.size()];
    if (i % 3 == 1) o.peer = IpAddress::v4(0x08080800U + static_cast<std::uint32_t>(i));
    if (i % 3 == 2) o.peer = *IpAddress::parse("2001:db8::" + std::to_string(i));
    o.port = static_cast<std::uint16_t>(i * 1000);
    if (i % 4) {
      o.fields = {{"sni", texts[(i + 1) % texts.size()]}, {texts[(i + 2) % texts.size()], "v"}};
    }
    out.push_back(o);
  }
  return out;
}

class ClickHouseRecords : public test_servers::ClusterTest {};

TEST_F(ClickHouseRecords, ObservationsComeBackAsLoadedAndOnce) {
  const auto observations = strangers_observations();
  const LoadCounts first = load_observations(layout_, observations, "source-a");
  EXPECT_EQ(first.rows_loaded, observations.size());
  EXPECT_EQ(first.chunks_loaded, 5U);  // one chunk per home
  const LoadCounts again = load_observations(layout_, observations, "source-a");
  EXPECT_EQ(again.rows_loaded, 0U);
  EXPECT_EQ(again.rows_skipped, observations.size());

  const auto back = query_observations(layout_);
  ASSERT_EQ(back.size(), observations.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    const std::string where = "observation " + std::to_string(i);
    EXPECT_EQ(back[i].device, observations[i].device) << where;
    EXPECT_EQ(back[i].ts, observations[i].ts) << where;  // bit-identical
    EXPECT_EQ(back[i].kind, observations[i].kind) << where;
    EXPECT_EQ(back[i].peer, observations[i].peer) << where;
    EXPECT_EQ(back[i].port, observations[i].port) << where;
    EXPECT_EQ(back[i].fields, observations[i].fields) << where;
  }
}

TEST_F(ClickHouseRecords, ASelectionKeepsItsHomesAndTimes) {
  const auto observations = strangers_observations();
  load_observations(layout_, observations, "source-a");
  FlowSelection selection;
  selection.homes = {1001, 1003};
  selection.from_ts = 1700000001.0;
  std::vector<Observation> expected;
  for (const auto& o : observations) {
    if (selection.keeps_home(o.device.home) && selection.keeps_time(o.ts)) expected.push_back(o);
  }
  ASSERT_FALSE(expected.empty());
  const auto back = query_observations(layout_, selection);
  ASSERT_EQ(back.size(), expected.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i].device, expected[i].device);
    EXPECT_EQ(back[i].ts, expected[i].ts);
  }
}

TEST_F(ClickHouseRecords, DocumentsKeepTheirKindOrderAndBytes) {
  const std::vector<Document> runs = {
      {42, "{\"run\": 1}\n\xff\x00 raw"s}, {0, "homeless"}, {42, "second of home 42"}};
  const std::vector<Document> reports = {{0, "report one"}, {0, "report two\ttab"}};
  EXPECT_EQ(load_documents(layout_, "load-1", "probe_results", runs).rows_loaded, 3U);
  EXPECT_EQ(load_documents(layout_, "load-1", "input_report", reports).rows_loaded, 2U);
  EXPECT_EQ(load_documents(layout_, "load-1", "probe_results", runs).rows_loaded, 0U);
  EXPECT_EQ(load_documents(layout_, "load-0", "input_report", {{0, "earlier"}}).rows_loaded, 1U);

  const auto back = query_documents(layout_, "probe_results");
  ASSERT_EQ(back.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].document.body, runs[i].body);
    EXPECT_EQ(back[i].document.home, runs[i].home);
    EXPECT_EQ(back[i].seq, i);
  }
  const auto all_reports = query_documents(layout_, "input_report");
  ASSERT_EQ(all_reports.size(), 3U);
  EXPECT_EQ(all_reports[0].document.body, "earlier");  // by source id, then as loaded
  EXPECT_EQ(all_reports[2].document.body, "report two\ttab");

  FlowSelection other_home;
  other_home.homes = {7};
  const auto homeless = query_documents(layout_, "probe_results", other_home);
  ASSERT_EQ(homeless.size(), 1U);  // documents of no home stay in every selection
  EXPECT_EQ(homeless[0].document.body, "homeless");
}

}  // namespace
}  // namespace iotscope::clickhouse
