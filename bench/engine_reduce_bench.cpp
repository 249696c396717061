// Micro-benchmark of the embedded engine's hot paths: appending flows (the per-flow cost every
// source pays) and summarize() (the per-home partitioned reduction).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "engine/embedded_engine.hpp"

namespace iotscope {
namespace {

// Homes of 19 devices: clients of a few cloud ports from ephemeral ports, a few LAN servers.
std::vector<FlowRecord> make_flows(std::size_t count) {
  std::mt19937_64 random(7);
  std::vector<FlowRecord> flows(count);
  constexpr std::uint16_t kCloudPorts[] = {443, 80, 53, 123, 8883};
  for (std::size_t i = 0; i < count; ++i) {
    FlowRecord& f = flows[i];
    const std::uint64_t home = random() % (count / 400 + 1);
    f.device = DeviceKey{home * 0x9E3779B97F4A7C15ULL, random() % 19};
    const bool lan_server = random() % 5 == 0;
    f.transport = random() % 3 == 0 ? Transport::udp : Transport::tcp;
    if (lan_server) {
      f.device_port = static_cast<std::uint16_t>(8000 + random() % 10);
      f.remote_port = static_cast<std::uint16_t>(32768 + random() % 28000);
      f.remote_ip = IpAddress::v4(0xC0A80100U + static_cast<std::uint32_t>(random() % 40));
      f.scope = PeerScope::local_device;
      f.peer_device = random() % 19;
    } else {
      f.device_port = static_cast<std::uint16_t>(32768 + random() % 28000);
      f.remote_port = kCloudPorts[random() % 5];
      f.remote_ip = IpAddress::v4(static_cast<std::uint32_t>(random()));
      f.scope = PeerScope::external;
      f.initiator = Initiator::device;
    }
    f.first_ts = 1588896000.0 + static_cast<double>(random() % 21600);
    f.last_ts = f.first_ts + static_cast<double>(random() % 600);
    f.bytes_out = random() % 100000;
    f.bytes_in = random() % 1000000;
    f.windows = static_cast<std::uint32_t>(1 + random() % 20);
  }
  // Sources hand over flows home by home (the IoT Inspector reader closes whole homes).
  std::stable_sort(flows.begin(), flows.end(), [](const FlowRecord& a, const FlowRecord& b) {
    return a.device.home < b.device.home;
  });
  return flows;
}

void BM_AggregatorAdd(benchmark::State& state) {
  const auto flows = make_flows(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    EmbeddedEngine engine(EngineConfig{}, 1);
    auto aggregator = engine.make_aggregator();
    for (const FlowRecord& f : flows) aggregator->add(f);
    benchmark::DoNotOptimize(aggregator.get());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AggregatorAdd)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Summarize(benchmark::State& state) {
  const auto flows = make_flows(static_cast<std::size_t>(state.range(0)));
  const auto threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) {
    state.PauseTiming();
    EmbeddedEngine engine(EngineConfig{}, threads);
    auto aggregator = engine.make_aggregator();
    for (const FlowRecord& f : flows) aggregator->add(f);
    engine.absorb(std::move(aggregator));
    state.ResumeTiming();
    benchmark::DoNotOptimize(engine.summarize());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Summarize)->Args({1 << 20, 1})->Args({1 << 20, 2})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace iotscope

BENCHMARK_MAIN();
