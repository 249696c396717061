// Flow table throughput on a synthetic home-network packet stream: many concurrent connections,
// mostly TCP (handshake, request, multi-segment response, FIN teardown), DNS-like UDP pairs and
// ICMP echoes, interleaved at random. Reports packets per second on one core.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "decode/decoded_packet.hpp"
#include "flows/flow_table.hpp"

namespace iotscope {
namespace {

const std::array<std::uint8_t, 1500> kPayload{};

struct Endpoints {
  IpAddress client;
  IpAddress server;
  std::uint16_t client_port;
  std::uint16_t server_port;
};

DecodedPacket base_packet(const Endpoints& e, bool from_client, std::uint8_t protocol) {
  DecodedPacket p;
  p.kind = PacketKind::ip;
  p.ip_version = 4;
  p.ip_protocol = protocol;
  p.src_ip = from_client ? e.client : e.server;
  p.dst_ip = from_client ? e.server : e.client;
  p.src_port = from_client ? e.client_port : e.server_port;
  p.dst_port = from_client ? e.server_port : e.client_port;
  return p;
}

DecodedPacket tcp_packet(const Endpoints& e, bool from_client, std::uint8_t flags,
                         std::uint32_t seq, std::uint32_t ack, std::uint32_t len) {
  DecodedPacket p = base_packet(e, from_client, ip_protocol::tcp);
  p.tcp_flags = flags;
  p.tcp_seq = seq;
  p.tcp_ack = ack;
  p.tcp_window = 65535;
  p.payload_length = len;
  p.payload = std::span<const std::uint8_t>(kPayload.data(), len);
  p.ip_length = 52 + len;
  return p;
}

// One connection's packets in order.
std::vector<DecodedPacket> script(std::mt19937_64& rng, std::uint32_t serial) {
  const Endpoints e{IpAddress::v4(0xC0A80000u | (serial % 250 + 2)),
                    IpAddress::v4(0x08000000u + static_cast<std::uint32_t>(rng() % 100000)),
                    static_cast<std::uint16_t>(32768 + serial % 28000),
                    static_cast<std::uint16_t>(rng() % 2 ? 443 : 80)};
  std::vector<DecodedPacket> packets;
  const auto kind = rng() % 100;
  if (kind < 70) {
    using namespace tcp_flag;
    const std::uint32_t c = static_cast<std::uint32_t>(rng());
    const std::uint32_t s = static_cast<std::uint32_t>(rng());
    const std::uint32_t request = 200 + static_cast<std::uint32_t>(rng() % 400);
    const std::uint32_t segments = 1 + static_cast<std::uint32_t>(rng() % 8);
    packets.push_back(tcp_packet(e, true, syn, c, 0, 0));
    packets.push_back(tcp_packet(e, false, syn | ack, s, c + 1, 0));
    packets.push_back(tcp_packet(e, true, ack, c + 1, s + 1, 0));
    packets.push_back(tcp_packet(e, true, psh | ack, c + 1, s + 1, request));
    std::uint32_t sent = 0;
    for (std::uint32_t i = 0; i < segments; ++i) {
      packets.push_back(tcp_packet(e, false, ack, s + 1 + sent, c + 1 + request, 1448));
      sent += 1448;
      if (i % 2 == 1) packets.push_back(tcp_packet(e, true, ack, c + 1 + request, s + 1 + sent, 0));
    }
    packets.push_back(tcp_packet(e, true, fin | ack, c + 1 + request, s + 1 + sent, 0));
    packets.push_back(tcp_packet(e, false, fin | ack, s + 1 + sent, c + 2 + request, 0));
    packets.push_back(tcp_packet(e, true, ack, c + 2 + request, s + 2 + sent, 0));
  } else if (kind < 95) {
    Endpoints dns = e;
    dns.server_port = 53;
    DecodedPacket query = base_packet(dns, true, ip_protocol::udp);
    query.payload_length = 40;
    query.ip_length = 68;
    DecodedPacket answer = base_packet(dns, false, ip_protocol::udp);
    answer.payload_length = 120;
    answer.ip_length = 148;
    packets.push_back(query);
    packets.push_back(answer);
  } else {
    for (int i = 0; i < 2; ++i) {
      DecodedPacket request = base_packet(e, true, ip_protocol::icmp);
      request.icmp_type = 8;
      request.payload_length = 56;
      request.ip_length = 84;
      DecodedPacket reply = base_packet(e, false, ip_protocol::icmp);
      reply.icmp_type = 0;
      reply.payload_length = 56;
      reply.ip_length = 84;
      packets.push_back(request);
      packets.push_back(reply);
    }
  }
  return packets;
}

// Interleaves `concurrent` connections at a time until `total` packets, 1 µs apart.
std::vector<DecodedPacket> make_stream(std::size_t total, std::size_t concurrent) {
  std::mt19937_64 rng(42);
  std::vector<std::vector<DecodedPacket>> live(concurrent);
  std::vector<std::size_t> next(concurrent, 0);
  std::uint32_t serial = 0;
  for (auto& conn : live) conn = script(rng, serial++);
  std::vector<DecodedPacket> stream;
  stream.reserve(total);
  std::int64_t ts = 1'700'000'000LL * 1'000'000'000LL;
  while (stream.size() < total) {
    const std::size_t slot = rng() % concurrent;
    DecodedPacket p = live[slot][next[slot]++];
    p.ts_ns = ts;
    ts += 10'000;  // 100k packets per second of capture time
    stream.push_back(p);
    if (next[slot] == live[slot].size()) {
      live[slot] = script(rng, serial++);
      next[slot] = 0;
    }
  }
  return stream;
}

// One table for all iterations, as in a long capture: its pool and index are warm after the
// first pass. Each pass ends with a flush, so every connection is emitted each time.
void run(benchmark::State& state, std::vector<DecodedPacket>& stream,
         std::uint32_t max_connections) {
  std::uint64_t emitted = 0;
  FlowTableConfig config;
  config.max_connections = max_connections;
  FlowTable table(config, [&](const Connection&) { ++emitted; });
  for (auto _ : state) {
    table.process(std::span<const DecodedPacket>(stream));
    table.flush_all();
    benchmark::DoNotOptimize(emitted);
    // The next pass replays the stream later in time, as a capture that goes on.
    state.PauseTiming();
    const std::int64_t shift =
        stream.back().ts_ns - stream.front().ts_ns + 3600LL * 1'000'000'000LL;
    for (DecodedPacket& p : stream) p.ts_ns += shift;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.counters["connections"] =
      benchmark::Counter(static_cast<double>(emitted) / static_cast<double>(state.iterations()));
  state.counters["max_tracked"] = static_cast<double>(table.stats().max_tracked);
}

void BM_FlowTable_Mix(benchmark::State& state) {
  static std::vector<DecodedPacket> stream =
      make_stream(1'000'000, static_cast<std::size_t>(state.range(0)));
  run(state, stream, 1u << 20);
}
BENCHMARK(BM_FlowTable_Mix)->Arg(1'000)->Arg(50'000)->Unit(benchmark::kMillisecond);

void BM_FlowTable_SynFlood(benchmark::State& state) {
  static std::vector<DecodedPacket> stream = [] {
    std::vector<DecodedPacket> syns(1'000'000);
    for (std::uint32_t i = 0; i < syns.size(); ++i) {
      const Endpoints e{IpAddress::v4(0xC6000000u + i), IpAddress::v4(0xC0A80114u),
                        static_cast<std::uint16_t>(1024 + i % 60000), 80};
      syns[i] = tcp_packet(e, true, tcp_flag::syn, i, 0, 0);
      syns[i].ts_ns = 1'700'000'000LL * 1'000'000'000LL + i * 100;
    }
    return syns;
  }();
  run(state, stream, 10'000);
}
BENCHMARK(BM_FlowTable_SynFlood)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace iotscope

BENCHMARK_MAIN();
