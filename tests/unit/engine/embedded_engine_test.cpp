#include "engine/embedded_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace iotscope {
namespace {

constexpr DeviceKey kPhone{1, 10};
constexpr DeviceKey kSonos{1, 20};
constexpr DeviceKey kScanner{2, 30};

FlowRecord flow(DeviceKey device, std::uint16_t local_port, const char* remote,
                std::uint16_t remote_port, PeerScope scope, Initiator initiator, double ts) {
  FlowRecord f;
  f.device = device;
  f.device_port = local_port;
  f.remote_ip = *IpAddress::parse(remote);
  f.remote_port = remote_port;
  f.transport = Transport::tcp;
  f.scope = scope;
  f.initiator = initiator;
  f.first_ts = ts;
  f.last_ts = ts + 5;
  f.bytes_out = 100;
  f.bytes_in = 1000;
  f.packets_out = 2;
  f.packets_in = 3;
  f.windows = 2;
  return f;
}

std::vector<FlowRecord> sample_flows() {
  std::vector<FlowRecord> flows;
  // The phone is a client of two cloud hosts on 443 from three ephemeral ports.
  flows.push_back(
      flow(kPhone, 40001, "52.1.1.1", 443, PeerScope::external, Initiator::device, 100));
  flows.push_back(
      flow(kPhone, 40002, "52.1.1.1", 443, PeerScope::external, Initiator::device, 200));
  flows.push_back(
      flow(kPhone, 40003, "52.1.1.2", 443, PeerScope::external, Initiator::device, 300));
  // The Sonos serves 12300 to four local clients' ephemeral ports (initiator unknown).
  for (std::uint16_t i = 0; i < 4; ++i) {
    auto f = flow(kSonos, 12300, "192.168.1.10", static_cast<std::uint16_t>(50000 + i),
                  PeerScope::local_device, Initiator::unknown, 400 + i);
    f.peer_device = kPhone.device;
    flows.push_back(f);
  }
  // One Internet host opened the Sonos' port 22 once.
  flows.push_back(flow(kSonos, 22, "8.8.4.4", 55555, PeerScope::external, Initiator::remote, 500));
  // The scanner contacts 12 local addresses on 80 inside one minute, plus benign discovery.
  for (int i = 0; i < 12; ++i) {
    const std::string ip = "10.0.0." + std::to_string(100 + i);
    flows.push_back(flow(kScanner, static_cast<std::uint16_t>(41000 + i), ip.c_str(), 80,
                         PeerScope::local_unknown, Initiator::device, 600 + i));
  }
  flows.push_back(
      flow(kScanner, 41100, "10.0.0.9", 1900, PeerScope::local_unknown, Initiator::device, 601));
  flows.push_back(flow(kScanner, 5353, "224.0.0.251", 5353, PeerScope::multicast_broadcast,
                       Initiator::unknown, 602));
  return flows;
}

Summaries summarize(const std::vector<FlowRecord>& flows, int aggregators, unsigned threads) {
  EmbeddedEngine engine(EngineConfig{}, threads);
  std::vector<std::unique_ptr<FlowAggregator>> parts;
  parts.reserve(static_cast<std::size_t>(aggregators));
  for (int a = 0; a < aggregators; ++a) parts.push_back(engine.make_aggregator());
  for (std::size_t i = 0; i < flows.size(); ++i) parts[i % parts.size()]->add(flows[i]);
  for (auto& part : parts) engine.absorb(std::move(part));
  return engine.summarize();
}

template <typename Summary>
const Summary* find_port(const std::vector<Summary>& all, DeviceKey device, std::uint16_t port,
                         PeerScope scope) {
  const auto it = std::find_if(all.begin(), all.end(), [&](const Summary& s) {
    return s.device == device && s.port == port && s.scope == scope;
  });
  return it == all.end() ? nullptr : &*it;
}

TEST(EmbeddedEngine, FoldsClientEphemeralPortsIntoPortZero) {
  const Summaries s = summarize(sample_flows(), 1, 1);
  const auto* folded = find_port(s.local_ports, kPhone, 0, PeerScope::external);
  ASSERT_NE(folded, nullptr);
  EXPECT_EQ(folded->totals.flows, 3U);
  EXPECT_EQ(folded->distinct_remote_ports, 1U);
  EXPECT_EQ(folded->distinct_remote_hosts, 2U);
  EXPECT_EQ(find_port(s.local_ports, kPhone, 40001, PeerScope::external), nullptr);
  const auto* https = find_port(s.remote_ports, kPhone, 443, PeerScope::external);
  ASSERT_NE(https, nullptr);
  EXPECT_EQ(https->totals.flows, 3U);
  EXPECT_EQ(https->distinct_local_ports, 3U);
  EXPECT_EQ(https->totals.initiators.device, 3U);
  EXPECT_EQ(https->totals.bytes(), 3300U);
  EXPECT_EQ(https->totals.windows, 6U);
}

TEST(EmbeddedEngine, KeepsServerPortsWithTheirFanIn) {
  const Summaries s = summarize(sample_flows(), 1, 1);
  const auto* sonos = find_port(s.local_ports, kSonos, 12300, PeerScope::local_device);
  ASSERT_NE(sonos, nullptr);
  EXPECT_EQ(sonos->totals.flows, 4U);
  EXPECT_EQ(sonos->distinct_remote_ports, 4U);
  EXPECT_EQ(sonos->distinct_remote_hosts, 1U);
  EXPECT_DOUBLE_EQ(sonos->totals.first_ts, 400);
  EXPECT_DOUBLE_EQ(sonos->totals.last_ts, 408);
  // One flow the Internet opened is a server port, not an ephemeral one.
  const auto* ssh = find_port(s.local_ports, kSonos, 22, PeerScope::external);
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->totals.initiators.remote, 1U);
  const auto* clients = find_port(s.remote_ports, kSonos, 0, PeerScope::local_device);
  ASSERT_NE(clients, nullptr);
  EXPECT_EQ(clients->totals.flows, 4U);
  EXPECT_EQ(clients->distinct_local_ports, 1U);
}

TEST(EmbeddedEngine, EdgesUseFoldedPorts) {
  const Summaries s = summarize(sample_flows(), 1, 1);
  const auto phone_edge = std::find_if(s.edges.begin(), s.edges.end(),
                                       [](const EdgeSummary& e) { return e.device == kPhone; });
  ASSERT_NE(phone_edge, s.edges.end());
  EXPECT_EQ(phone_edge->local_port, 0);
  EXPECT_EQ(phone_edge->remote_port, 443);
  EXPECT_EQ(phone_edge->flows, 3U);
  const auto sonos_edge = std::find_if(s.edges.begin(), s.edges.end(), [](const EdgeSummary& e) {
    return e.device == kSonos && e.local_port == 12300;
  });
  ASSERT_NE(sonos_edge, s.edges.end());
  EXPECT_EQ(sonos_edge->remote_port, 0);
  EXPECT_EQ(sonos_edge->peer_device, kPhone.device);
  EXPECT_EQ(sonos_edge->flows, 4U);
}

TEST(EmbeddedEngine, ScanWindowsHoldUnicastTargetsButNoDiscovery) {
  const Summaries s = summarize(sample_flows(), 1, 1);
  ASSERT_EQ(s.scan_windows.size(), 1U);
  const ScanWindowSummary& w = s.scan_windows.front();
  EXPECT_EQ(w.device, kScanner);
  EXPECT_DOUBLE_EQ(w.window_start, 600);
  ASSERT_EQ(w.targets.size(), 12U);
  EXPECT_EQ(w.targets.front().target.to_string(), "10.0.0.100");
  EXPECT_EQ(w.targets.front().ports, std::vector<std::uint16_t>{80});
  EXPECT_DOUBLE_EQ(w.first_ts, 600);
  EXPECT_DOUBLE_EQ(w.last_ts, 616);
}

TEST(EmbeddedEngine, DeviceActivityAndHistograms) {
  const Summaries s = summarize(sample_flows(), 1, 1);
  ASSERT_EQ(s.devices.size(), 3U);
  const auto sonos = std::find_if(s.devices.begin(), s.devices.end(),
                                  [](const DeviceActivity& d) { return d.device == kSonos; });
  ASSERT_NE(sonos, s.devices.end());
  EXPECT_EQ(sonos->local.flows, 4U);
  EXPECT_EQ(sonos->external.flows, 1U);
  EXPECT_EQ(sonos->distinct_local_peers, 1U);
  EXPECT_EQ(sonos->distinct_external_hosts, 1U);
  EXPECT_EQ(s.flows, sample_flows().size());
  // Every flow has 1100 bytes: bucket [1024, 2048).
  EXPECT_EQ(s.bytes_per_flow_external.flows[BytesHistogram::bucket_of(1100)], 4U);
  EXPECT_EQ(BytesHistogram::bucket_of(0), 0U);
  EXPECT_EQ(BytesHistogram::bucket_of(1), 1U);
  EXPECT_EQ(BytesHistogram::bucket_of(1024), 11U);
}

bool same(const Summaries& a, const Summaries& b) {
  if (a.local_ports.size() != b.local_ports.size() || a.edges.size() != b.edges.size() ||
      a.remote_ports.size() != b.remote_ports.size() || a.devices.size() != b.devices.size() ||
      a.scan_windows.size() != b.scan_windows.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.local_ports.size(); ++i) {
    const auto& x = a.local_ports[i];
    const auto& y = b.local_ports[i];
    if (x.device != y.device || x.port != y.port || x.totals.flows != y.totals.flows ||
        x.distinct_remote_ports != y.distinct_remote_ports) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.edges.size(); ++i) {
    if (a.edges[i].device != b.edges[i].device || a.edges[i].flows != b.edges[i].flows ||
        a.edges[i].local_port != b.edges[i].local_port) {
      return false;
    }
  }
  return a.flows == b.flows;
}

TEST(EmbeddedEngine, SameSummariesWhateverTheThreadsAndAggregators) {
  const auto flows = sample_flows();
  const Summaries one = summarize(flows, 1, 1);
  EXPECT_TRUE(same(one, summarize(flows, 3, 2)));
  auto reversed = flows;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_TRUE(same(one, summarize(reversed, 2, 2)));
}

TEST(EmbeddedEngine, SummariesAreSortedByDevice) {
  const Summaries s = summarize(sample_flows(), 2, 2);
  EXPECT_TRUE(std::is_sorted(s.devices.begin(), s.devices.end(),
                             [](const auto& a, const auto& b) { return a.device < b.device; }));
}

TEST(EmbeddedEngine, RejectsANonPositiveScanWindow) {
  EngineConfig config;
  config.scan_window_seconds = 0;
  EXPECT_THROW(EmbeddedEngine{config}, std::invalid_argument);
}

TEST(EmbeddedEngine, HomesReducedWhenCompleteGiveTheSameSummaries) {
  const auto flows = sample_flows();
  EmbeddedEngine engine(EngineConfig{}, 2);
  auto aggregator = engine.make_aggregator();
  for (const FlowRecord& f : flows) {
    aggregator->add(f);
    // The source says home 2 (the scanner's) is complete after its last flow.
    if (&f == &flows.back()) aggregator->home_complete(kScanner.home);
  }
  aggregator->home_complete(99);  // a home the aggregator never saw: nothing happens
  engine.absorb(std::move(aggregator));
  EXPECT_TRUE(same(engine.summarize(), summarize(flows, 1, 1)));
}

TEST(EmbeddedEngine, AnAggregatorNeverAbsorbedFinishesItsHomesSafely) {
  // Out of contract (an exception between reading and absorbing): the aggregator outlives the
  // engine's summary, even the engine, with homes handed to the reducer thread. ASan and the
  // sanitizer build would see a reducer or parking used after it went.
  const auto flows = sample_flows();
  auto engine = std::make_unique<EmbeddedEngine>(EngineConfig{}, 2);
  auto kept = engine->make_aggregator();
  auto absorbed = engine->make_aggregator();
  for (const FlowRecord& f : flows) {
    kept->add(f);
    absorbed->add(f);
  }
  kept->home_complete(kPhone.home);
  kept->home_complete(kScanner.home);
  absorbed->home_complete(kScanner.home);
  engine->absorb(std::move(absorbed));
  const Summaries s = engine->summarize();
  EXPECT_EQ(s.flows, flows.size());  // only the absorbed aggregator's flows count
  // After the summary a home arrives and completes: a reducer must still be there to take it,
  // and to finish it when the aggregator goes after the engine.
  for (const FlowRecord& f : flows) {
    FlowRecord late = f;
    late.device.home = 3;
    kept->add(late);
  }
  kept->home_complete(3);
  engine.reset();
  kept.reset();
}

TEST(EmbeddedEngine, AHomeReducedTwiceIsCombinedKeyByKey) {
  // Rows that arrive after the source closed a home: two pieces, combined on their keys.
  const auto flows = sample_flows();
  EmbeddedEngine engine(EngineConfig{}, 1);
  auto aggregator = engine.make_aggregator();
  std::size_t phone_flows = 0;
  for (const FlowRecord& f : flows) {
    aggregator->add(f);
    if (f.device == kPhone && ++phone_flows == 2) aggregator->home_complete(kPhone.home);
  }
  engine.absorb(std::move(aggregator));
  const Summaries s = engine.summarize();
  const auto* https = find_port(s.remote_ports, kPhone, 443, PeerScope::external);
  ASSERT_NE(https, nullptr);
  EXPECT_EQ(https->totals.flows, 3U);
  EXPECT_EQ(https->distinct_local_ports, 3U);
  EXPECT_EQ(std::count_if(s.devices.begin(), s.devices.end(),
                          [](const DeviceActivity& d) { return d.device == kPhone; }),
            1);
  EXPECT_EQ(s.flows, flows.size());
  EXPECT_TRUE(std::is_sorted(s.devices.begin(), s.devices.end(),
                             [](const auto& a, const auto& b) { return a.device < b.device; }));
}

}  // namespace
}  // namespace iotscope
