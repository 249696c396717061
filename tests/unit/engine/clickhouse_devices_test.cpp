// Devices with free-text labels through two local shards: loaded twice without duplicates, read
// back byte for byte. Skipped when clickhouse-server is not installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "clickhouse_test_servers.hpp"
#include "engine/clickhouse/device_rows.hpp"

namespace iotscope::clickhouse {
namespace {

using namespace std::string_literals;

std::vector<DeviceRecord> strangers_devices() {
  std::vector<DeviceRecord> devices;
  const std::vector<std::string> labels = {
      "Bob's \"smart\" cam",
      "back\\slash\\",
      "tab\there\nnewline\r",
      "nul\0inside"s,
      "caf\xc3\xa9 \xff\xfe\x80",
      "'); DROP TABLE iot.flows; --",
      "['a','b']",
      "",
  };
  for (std::size_t i = 0; i < 24; ++i) {
    DeviceRecord d;
    d.key = {0xA0761D6478BD642FULL * (i / 3 + 1), 100 + i};
    d.home_id = "home-" + std::to_string(i / 3);
    d.source_id = "aa:bb:cc:00:00:" + std::to_string(10 + i);
    if (i % 4 != 0) d.ip = IpAddress::v4(0xC0A80100U + static_cast<std::uint32_t>(i));
    if (i == 5) d.ip = *IpAddress::parse("fe80::1");
    d.mac = d.source_id;
    d.oui = "AABBCC";
    d.oui_vendor = "Vendor, Inc.";
    d.labels = {labels[i % labels.size()], labels[(i + 1) % labels.size()],
                labels[(i + 2) % labels.size()]};
    if (i % 2) d.learnt_names = {labels[(i + 3) % labels.size()], "plain", "it's,a\\list]"};
    d.vendor = "Amazon";
    d.type = static_cast<DeviceType>(i % 13);
    d.is_gateway = i % 5 == 0;
    d.inspected = i % 3 != 0;
    devices.push_back(d);
  }
  return devices;
}

TEST(ClickHouseDevices, FreeTextSurvivesAndASecondLoadAddsNothing) {
  if (!test_servers::clickhouse_installed()) GTEST_SKIP() << "clickhouse-server not installed";
  test_servers::TwoServers servers;
  ASSERT_TRUE(servers.started()) << "see " << servers.dir() << ".log";
  const auto layout = discover_layout(parse_clickhouse_url(servers.url("iot", true)), "");
  create_schema(layout);
  const auto devices = strangers_devices();

  const LoadCounts first = load_devices(layout, devices, "devices-source");
  EXPECT_EQ(first.rows_loaded, devices.size());
  EXPECT_EQ(first.chunks_loaded, 8U);  // one chunk per home
  const LoadCounts second = load_devices(layout, devices, "devices-source");
  EXPECT_EQ(second.rows_loaded, 0U);
  EXPECT_EQ(second.rows_skipped, devices.size());

  const auto back = query_devices(layout);
  auto sorted = devices;
  std::sort(sorted.begin(), sorted.end(),
            [](const DeviceRecord& a, const DeviceRecord& b) { return a.key < b.key; });
  ASSERT_EQ(back.size(), devices.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    const auto& a = back[i];
    const auto& e = sorted[i];
    const std::string where = "device " + std::to_string(i);
    EXPECT_EQ(a.key, e.key) << where;
    EXPECT_EQ(a.home_id, e.home_id) << where;
    EXPECT_EQ(a.source_id, e.source_id) << where;
    EXPECT_EQ(a.ip, e.ip) << where;
    EXPECT_EQ(a.mac, e.mac) << where;
    EXPECT_EQ(a.oui, e.oui) << where;
    EXPECT_EQ(a.oui_vendor, e.oui_vendor) << where;
    EXPECT_EQ(a.labels.name, e.labels.name) << where;
    EXPECT_EQ(a.labels.vendor, e.labels.vendor) << where;
    EXPECT_EQ(a.labels.type, e.labels.type) << where;
    EXPECT_EQ(a.learnt_names, e.learnt_names) << where;
    EXPECT_EQ(a.vendor, e.vendor) << where;
    EXPECT_EQ(a.type, e.type) << where;
    EXPECT_EQ(a.is_gateway, e.is_gateway) << where;
    EXPECT_EQ(a.inspected, e.inspected) << where;
  }
  // Homes sit on the shard the layout says.
  ClickHouseHttp shard2(layout.shards[1].login);
  std::size_t expected_on2 = 0;
  for (const auto& d : devices) expected_on2 += layout.shard_of_home(d.key.home) == 1;
  EXPECT_EQ(std::stoull(shard2.query("SELECT count() FROM iot.devices_local")), expected_on2);
}

}  // namespace
}  // namespace iotscope::clickhouse
