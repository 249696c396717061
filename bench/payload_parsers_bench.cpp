// Cost per message of the two payload parsers that run on most flows: TLS ClientHello and DNS,
// on real messages from the Zeek traces (tests/data/payload).
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "payload/dns_message.hpp"
#include "payload/tls_handshake.hpp"
#include "payload/tls_handshake_scanner.hpp"

namespace {

std::vector<std::uint8_t> read_sample(const std::string& name) {
  const std::string path = std::string(IOTSCOPE_SOURCE_DIR) + "/tests/data/payload/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> client_hello_body(const std::string& name) {
  iotscope::TlsHandshakeScanner scanner;
  for (auto& message : scanner.feed(read_sample(name))) {
    if (message.type == iotscope::tls_handshake_type::kClientHello) return message.body;
  }
  throw std::runtime_error("no ClientHello in " + name);
}

void BM_ParseClientHello(benchmark::State& state) {
  const auto body = client_hello_body("tls_tls_conn_with_extensions.client.bin");
  for (auto _ : state) {
    auto hello = iotscope::parse_client_hello(body);
    benchmark::DoNotOptimize(hello);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseClientHello);

void BM_ScanAndParseClientHello(benchmark::State& state) {
  const auto stream = read_sample("tls_tls_conn_with_extensions.client.bin");
  for (auto _ : state) {
    iotscope::TlsHandshakeScanner scanner;
    const auto messages = scanner.feed(stream);
    auto hello = iotscope::parse_client_hello(messages.front().body);
    benchmark::DoNotOptimize(hello);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScanAndParseClientHello);

void BM_ParseDnsResponse(benchmark::State& state) {
  const auto message = read_sample("dns53_0.bin");  // 8 A answers, compressed names
  for (auto _ : state) {
    auto parsed = iotscope::parse_dns_message(message);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseDnsResponse);

void BM_ParseMdnsAnnouncement(benchmark::State& state) {
  const auto message = read_sample("mdns_response_0.bin");
  for (auto _ : state) {
    auto parsed = iotscope::parse_dns_message(message);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseMdnsAnnouncement);

}  // namespace

BENCHMARK_MAIN();
