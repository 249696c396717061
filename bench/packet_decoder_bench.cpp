// Decode-only throughput of PacketDecoder: every frame of a capture is loaded into memory first,
// then decoded in a loop. The capture comes from IOTSCOPE_BENCH_PCAP (default
// /tmp/bench-small.pcap, made by `gen_pcap /tmp/bench-small.pcap 2000` from shared/lab).
#include <benchmark/benchmark.h>
#include <pcap/pcap.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "decode/packet_decoder.hpp"

namespace iotscope {
namespace {

struct FrameRef {
  std::size_t offset = 0;
  std::uint32_t captured = 0;
  std::uint32_t wire = 0;
  std::int64_t ts_ns = 0;
};

struct LoadedCapture {
  int link_type = -1;
  std::vector<std::uint8_t> bytes;  // all frames back to back
  std::vector<FrameRef> frames;
  std::string error;
};

LoadedCapture load_capture(const std::string& path) {
  LoadedCapture capture;
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (handle == nullptr) {
    capture.error = path + ": " + error;
    return capture;
  }
  capture.link_type = pcap_datalink(handle);
  pcap_pkthdr* header = nullptr;
  const std::uint8_t* data = nullptr;
  while (pcap_next_ex(handle, &header, &data) == 1) {
    capture.frames.push_back(
        FrameRef{capture.bytes.size(), header->caplen, header->len,
                 std::int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec});
    capture.bytes.insert(capture.bytes.end(), data, data + header->caplen);
  }
  pcap_close(handle);
  return capture;
}

const LoadedCapture& bench_capture() {
  static const LoadedCapture capture = [] {
    const char* path = std::getenv("IOTSCOPE_BENCH_PCAP");
    return load_capture(path != nullptr ? path : "/tmp/bench-small.pcap");
  }();
  return capture;
}

void BM_PacketDecode(benchmark::State& state) {
  const LoadedCapture& capture = bench_capture();
  if (!capture.error.empty() || capture.frames.empty()) {
    state.SkipWithError(capture.error.empty() ? "empty capture" : capture.error.c_str());
    return;
  }
  PacketDecoder decoder(capture.link_type);
  DecodedPacket out;
  std::uint64_t ip_packets = 0;
  for (auto _ : state) {
    for (const FrameRef& frame : capture.frames) {
      const std::span<const std::uint8_t> bytes(capture.bytes.data() + frame.offset,
                                                frame.captured);
      ip_packets += decoder.decode(bytes, frame.ts_ns, frame.wire, out) == PacketKind::ip;
      benchmark::DoNotOptimize(out);
    }
  }
  const auto passes = static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(passes * static_cast<std::int64_t>(capture.frames.size()));
  state.SetBytesProcessed(passes * static_cast<std::int64_t>(capture.bytes.size()));
  state.counters["ip_share"] =
      static_cast<double>(ip_packets) / static_cast<double>(passes * capture.frames.size());
}
BENCHMARK(BM_PacketDecode)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace iotscope

BENCHMARK_MAIN();
