// Cost of an address pseudonym (`iotscope flows` without --no-anonymize maps every address it
// writes): new random IPv4 addresses, as a scan or flood brings, against the definition's one
// HMAC-SHA256 (with its key set up each time) per address bit.
#include <benchmark/benchmark.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "report/address_pseudonyms.hpp"
#include "report/anonymizer.hpp"

namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

std::vector<iotscope::IpAddress> random_v4(std::size_t count) {
  std::mt19937_64 rng(7);
  std::vector<iotscope::IpAddress> addresses;
  addresses.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    addresses.push_back(iotscope::IpAddress::v4(static_cast<std::uint32_t>(rng())));
  return addresses;
}

void BM_PseudonymNewV4(benchmark::State& state) {
  const auto addresses = random_v4(1 << 16);
  iotscope::AddressPseudonyms pseudonyms(kKey);
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == addresses.size()) {
      pseudonyms.forget_addresses();  // every address is new to the memo, as in a flood
      next = 0;
    }
    benchmark::DoNotOptimize(pseudonyms.ip(addresses[next++]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PseudonymNewV4);

// The definition: bit i flips by the first bit of HMAC(key, bits 0..i-1).
void BM_PseudonymDefinitionV4(benchmark::State& state) {
  const auto addresses = random_v4(1 << 12);
  const std::string key = kKey + "/ipv4";
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& bytes = addresses[next++ % addresses.size()].bytes();
    std::array<std::uint8_t, 16> out = bytes;
    std::string prefix;
    for (std::size_t i = 96; i < 128; ++i) {
      if ((iotscope::hmac_sha256(key, prefix)[0] & 1U) != 0)
        out[i / 8] ^= static_cast<std::uint8_t>(1U << (7 - i % 8));
      prefix.push_back(((bytes[i / 8] >> (7 - i % 8)) & 1U) != 0 ? '1' : '0');
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PseudonymDefinitionV4);

}  // namespace

BENCHMARK_MAIN();
