// The SQL reductions against the embedded engine on the same flows, field by field: a random
// multi-home input loaded through the loader into two local shards. Skipped when clickhouse-server
// is not installed.
#include "engine/clickhouse/clickhouse_reductions.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

#include "clickhouse_test_servers.hpp"
#include "engine/clickhouse/clickhouse_engine.hpp"
#include "engine/clickhouse/clickhouse_loader.hpp"
#include "engine/embedded_engine.hpp"
#include "summaries_dump.hpp"

namespace iotscope::clickhouse {
namespace {

// Homes of a few devices whose flows repeat some ports (kept) and use ephemeral ones once
// (folded), with every scope, initiator and transport, IPv4 and IPv6 peers, and port 0.
std::vector<FlowRecord> random_homes(std::uint32_t seed, std::size_t homes) {
  std::mt19937_64 random(seed);
  const auto pick = [&random](std::uint64_t n) { return random() % n; };
  const std::uint16_t services[] = {0, 53, 80, 443, 1900, 5353, 8080, 8883};
  std::vector<FlowRecord> flows;
  for (std::size_t h = 0; h < homes; ++h) {
    const std::uint64_t home = random();
    const std::size_t count = 50 + pick(300);
    for (std::size_t i = 0; i < count; ++i) {
      FlowRecord f;
      f.device = {home, 1 + pick(4)};
      const bool ephemeral_local = pick(2) == 0;
      f.device_port = ephemeral_local ? static_cast<std::uint16_t>(32768 + pick(20000))
                                      : services[pick(std::size(services))];
      f.remote_port = pick(3) == 0 ? static_cast<std::uint16_t>(32768 + pick(20000))
                                   : services[pick(std::size(services))];
      f.transport = static_cast<Transport>(pick(4));
      f.scope = static_cast<PeerScope>(pick(4));
      if (pick(10) == 0) {
        std::array<std::uint8_t, 16> bytes{0x20, 0x01, 0x0d, 0xb8};
        bytes[15] = static_cast<std::uint8_t>(pick(8));
        f.remote_ip = IpAddress::v6(bytes);
        if (f.scope != PeerScope::external) f.scope = PeerScope::local_unknown;
      } else if (f.scope == PeerScope::multicast_broadcast) {
        f.remote_ip = IpAddress::v4(0xEFFFFFFAU - static_cast<std::uint32_t>(pick(3)));
      } else if (f.scope == PeerScope::external) {
        f.remote_ip = IpAddress::v4(0x08080000U + static_cast<std::uint32_t>(pick(40)));
      } else {
        // A home's LAN: .0-.11 are known devices, the rest unknown, .255 its broadcast address
        // (which a source may still call a local peer). Scope and peer follow the address.
        const std::uint32_t host = pick(8) == 0 ? 255 : static_cast<std::uint32_t>(pick(30));
        f.remote_ip = IpAddress::v4(0xC0A80100U + host);
        f.scope = host < 12 ? PeerScope::local_device : PeerScope::local_unknown;
        f.peer_device = f.scope == PeerScope::local_device ? 1 + host % 4 : 0;
        if (pick(40) == 0) {  // an unknown address, and "::", which differs from it
          f.remote_ip = pick(2) ? IpAddress{} : *IpAddress::parse("::");
          f.scope = PeerScope::local_unknown;
          f.peer_device = 0;
        }
      }
      f.first_ts = 1.7e9 + static_cast<double>(pick(1'800'000)) / 1000.0 + 0.1;
      f.last_ts = f.first_ts + static_cast<double>(pick(600'000)) / 1000.0;
      f.bytes_out = pick(4) == 0 ? 0 : pick(1'000'000);
      f.bytes_in = pick(1'000'000);
      if (pick(10) == 0) f.bytes_out = f.bytes_in = 0;                // bucket 0 of the histograms
      f.packets_out = pick(50) == 0 ? 5'000'000'000ULL : pick(1000);  // some beyond 32 bits
      f.packets_in = pick(1000);
      f.initiator = static_cast<Initiator>(pick(3));
      f.state = static_cast<ConnState>(pick(5));
      f.windows = static_cast<std::uint32_t>(1 + pick(20));
      flows.push_back(f);
    }
  }
  return flows;
}

void expect_totals_equal(const TrafficTotals& a, const TrafficTotals& b, const std::string& where) {
  EXPECT_EQ(a.flows, b.flows) << where;
  EXPECT_EQ(a.windows, b.windows) << where;
  EXPECT_EQ(a.bytes_out, b.bytes_out) << where;
  EXPECT_EQ(a.bytes_in, b.bytes_in) << where;
  EXPECT_EQ(a.packets_out, b.packets_out) << where;
  EXPECT_EQ(a.packets_in, b.packets_in) << where;
  EXPECT_EQ(a.first_ts, b.first_ts) << where;  // bit-identical doubles
  EXPECT_EQ(a.last_ts, b.last_ts) << where;
  EXPECT_EQ(a.initiators.device, b.initiators.device) << where;
  EXPECT_EQ(a.initiators.remote, b.initiators.remote) << where;
  EXPECT_EQ(a.initiators.unknown, b.initiators.unknown) << where;
}

std::string name_of(const DeviceKey& key) {
  return std::to_string(key.home) + "/" + std::to_string(key.device);
}

class ClickHouseReductions : public test_servers::ClusterTest {
 protected:
  void SetUp() override {
    ClusterTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    flows_ = random_homes(3, 20);

    ClickHouseLoader loader(layout_, {"random-homes-3", 1000, 5000});
    EmbeddedEngine embedded(EngineConfig{}, 2);
    auto to_clickhouse = loader.make_aggregator();
    auto to_embedded = embedded.make_aggregator();
    for (std::size_t i = 0; i < flows_.size(); ++i) {
      to_clickhouse->add(flows_[i]);
      to_embedded->add(flows_[i]);
      const bool home_ends =
          i + 1 == flows_.size() || flows_[i + 1].device.home != flows_[i].device.home;
      if (home_ends) {
        to_clickhouse->home_complete(flows_[i].device.home);
        to_embedded->home_complete(flows_[i].device.home);
      }
    }
    loader.absorb(std::move(to_clickhouse));
    embedded.absorb(std::move(to_embedded));
    ASSERT_EQ(loader.counts().rows_loaded, flows_.size());
    expected_ = embedded.summarize();
  }

  std::vector<FlowRecord> flows_;
  Summaries expected_;
};

TEST_F(ClickHouseReductions, DeviceActivityEqualsEmbeddedEngine) {
  const auto actual = query_device_activity(layout_);
  ASSERT_EQ(actual.size(), expected_.devices.size());
  ASSERT_GT(actual.size(), 40U);
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const auto& a = actual[i];
    const auto& e = expected_.devices[i];
    const std::string where = "device " + name_of(e.device);
    ASSERT_EQ(a.device, e.device) << where;
    expect_totals_equal(a.local, e.local, where + " local");
    expect_totals_equal(a.external, e.external, where + " external");
    EXPECT_EQ(a.distinct_external_hosts, e.distinct_external_hosts) << where;
    EXPECT_EQ(a.distinct_local_peers, e.distinct_local_peers) << where;
  }
}

TEST_F(ClickHouseReductions, LocalPortsEqualEmbeddedEngine) {
  const auto actual = query_local_ports(layout_);
  ASSERT_EQ(actual.size(), expected_.local_ports.size());
  std::size_t folded = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const auto& a = actual[i];
    const auto& e = expected_.local_ports[i];
    const std::string where = "device " + name_of(e.device) + " port " + std::to_string(e.port) +
                              " " + std::string(to_string(e.transport)) + " " +
                              std::string(to_string(e.scope));
    ASSERT_EQ(a.device, e.device) << where;
    ASSERT_EQ(a.port, e.port) << where;
    ASSERT_EQ(a.transport, e.transport) << where;
    ASSERT_EQ(a.scope, e.scope) << where;
    expect_totals_equal(a.totals, e.totals, where);
    EXPECT_EQ(a.distinct_remote_ports, e.distinct_remote_ports) << where;
    EXPECT_EQ(a.distinct_remote_hosts, e.distinct_remote_hosts) << where;
    folded += e.port == 0 && e.totals.flows > 1;
  }
  EXPECT_GT(folded, 10U);  // the input really exercises folding
}

TEST_F(ClickHouseReductions, RemotePortsEdgesAndTotalsEqualEmbeddedEngine) {
  const auto remote = query_remote_ports(layout_);
  ASSERT_EQ(remote.size(), expected_.remote_ports.size());
  for (std::size_t i = 0; i < remote.size(); ++i) {
    const auto& a = remote[i];
    const auto& e = expected_.remote_ports[i];
    const std::string where = "remote port " + std::to_string(e.port) + " of " + name_of(e.device);
    ASSERT_EQ(std::tie(a.device, a.port, a.transport, a.scope),
              std::tie(e.device, e.port, e.transport, e.scope))
        << where;
    expect_totals_equal(a.totals, e.totals, where);
    EXPECT_EQ(a.distinct_local_ports, e.distinct_local_ports) << where;
    EXPECT_EQ(a.distinct_remote_hosts, e.distinct_remote_hosts) << where;
  }

  const auto edges = query_edges(layout_);
  ASSERT_EQ(edges.size(), expected_.edges.size());
  std::size_t with_peer = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& a = edges[i];
    const auto& e = expected_.edges[i];
    const std::string where = "edge " + std::to_string(i) + " of " + name_of(e.device);
    ASSERT_EQ(std::tie(a.device, a.local_port, a.remote_port, a.transport, a.scope, a.peer_device),
              std::tie(e.device, e.local_port, e.remote_port, e.transport, e.scope, e.peer_device))
        << where;
    EXPECT_EQ(a.flows, e.flows) << where;
    EXPECT_EQ(a.bytes, e.bytes) << where;
    EXPECT_EQ(a.initiators.device, e.initiators.device) << where;
    EXPECT_EQ(a.initiators.remote, e.initiators.remote) << where;
    EXPECT_EQ(a.initiators.unknown, e.initiators.unknown) << where;
    with_peer += e.peer_device != 0;
  }
  EXPECT_GT(with_peer, 10U);

  Summaries totals;
  query_totals(layout_, totals);
  EXPECT_EQ(totals.flows, flows_.size());
  EXPECT_EQ(totals.flows, expected_.flows);
  EXPECT_EQ(totals.first_ts, expected_.first_ts);
  EXPECT_EQ(totals.last_ts, expected_.last_ts);
  EXPECT_EQ(totals.bytes_per_flow_local.flows, expected_.bytes_per_flow_local.flows);
  EXPECT_EQ(totals.bytes_per_flow_external.flows, expected_.bytes_per_flow_external.flows);
  EXPECT_GT(expected_.bytes_per_flow_local.flows[0], 0U);  // zero-byte flows occur
}

TEST_F(ClickHouseReductions, ScanWindowsEqualEmbeddedEngine) {
  const auto actual = query_scan_windows(layout_, EngineConfig{}.scan_window_seconds);
  ASSERT_EQ(actual.size(), expected_.scan_windows.size());
  ASSERT_GT(actual.size(), 100U);
  std::size_t multi_port_targets = 0;
  std::size_t unset_targets = 0;
  std::size_t zero_targets = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const auto& a = actual[i];
    const auto& e = expected_.scan_windows[i];
    const std::string where =
        "window " + std::to_string(e.window_start) + " of " + name_of(e.device);
    ASSERT_EQ(a.device, e.device) << where;
    ASSERT_EQ(a.window_start, e.window_start) << where;
    EXPECT_EQ(a.first_ts, e.first_ts) << where;
    EXPECT_EQ(a.last_ts, e.last_ts) << where;
    ASSERT_EQ(a.targets.size(), e.targets.size()) << where;
    for (std::size_t t = 0; t < a.targets.size(); ++t) {
      const auto& at = a.targets[t];
      const auto& et = e.targets[t];
      const std::string target = where + " target " + et.target.to_string();
      EXPECT_EQ(at.target, et.target) << target;
      EXPECT_EQ(at.peer_device, et.peer_device) << target;
      EXPECT_EQ(at.ports, et.ports) << target;
      EXPECT_EQ(at.flows, et.flows) << target;
      EXPECT_EQ(at.flows_outcome_known, et.flows_outcome_known) << target;
      EXPECT_EQ(at.flows_rejected_or_unanswered, et.flows_rejected_or_unanswered) << target;
      multi_port_targets += et.ports.size() > 1;
      unset_targets += et.target.is_unset();
      zero_targets += !et.target.is_unset() && et.target.to_string() == "::";
    }
  }
  EXPECT_GT(multi_port_targets, 0U);
  EXPECT_GT(unset_targets, 0U);  // an unknown address and :: are distinct targets
  EXPECT_GT(zero_targets, 0U);
}

// The whole engine: flows pushed through its aggregators into a database of their own, then
// summarize() on the shards; every Summaries field equals the embedded engine's.
TEST_F(ClickHouseReductions, EngineSummariesEqualEmbeddedEngineInEveryField) {
  const auto fresh = discover_layout(parse_clickhouse_url(servers_->url("engine", true)), "");
  create_schema(fresh);
  ClickHouseEngine engine(fresh, EngineConfig{}, LoaderSettings{"engine-test", 500, 2000});
  auto aggregator = engine.make_aggregator();
  for (const auto& flow : flows_) aggregator->add(flow);
  engine.absorb(std::move(aggregator));
  EXPECT_EQ(engine.load_counts().rows_loaded, flows_.size());
  const auto actual = dump(engine.summarize());
  const auto expected = dump(expected_);
  ASSERT_GT(expected.size(), 1000U);
  for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    ASSERT_EQ(actual[i], expected[i]) << "line " << i;
  }
  EXPECT_EQ(actual.size(), expected.size());

  // Query-only: the same summaries from what is stored, flows pushed again are dropped.
  ClickHouseEngine stored(fresh, EngineConfig{}, std::nullopt);
  auto dropping = stored.make_aggregator();
  dropping->add(flows_.front());
  stored.absorb(std::move(dropping));
  EXPECT_EQ(dump(stored.summarize()), expected);
}

// `analyze --where`: three homes and a time range, against the embedded engine fed only the
// flows that selection keeps.
TEST_F(ClickHouseReductions, SelectedHomesAndTimeRangeEqualEmbeddedEngineOnThoseFlows) {
  FlowSelection selection;
  selection.homes = {flows_[0].device.home, flows_[flows_.size() / 2].device.home,
                     flows_.back().device.home};
  selection.from_ts = 1.7e9 + 300.25;
  selection.until_ts = 1.7e9 + 1200;
  EmbeddedEngine embedded(EngineConfig{}, 1);
  auto aggregator = embedded.make_aggregator();
  std::size_t kept = 0;
  for (const auto& flow : flows_) {
    const bool home = std::find(selection.homes.begin(), selection.homes.end(), flow.device.home) !=
                      selection.homes.end();
    if (home && flow.first_ts >= *selection.from_ts && flow.first_ts < *selection.until_ts) {
      aggregator->add(flow);
      ++kept;
    }
  }
  embedded.absorb(std::move(aggregator));
  const auto expected = dump(embedded.summarize());
  const auto actual = dump(summarize_stored_flows(layout_, EngineConfig{}, selection));
  ASSERT_GT(kept, 100U);
  ASSERT_LT(kept, flows_.size() / 4);
  for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    ASSERT_EQ(actual[i], expected[i]) << "line " << i;
  }
  EXPECT_EQ(actual.size(), expected.size());
  EXPECT_EQ(actual.back(), expected.back());
}

}  // namespace
}  // namespace iotscope::clickhouse
