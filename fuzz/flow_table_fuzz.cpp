// libFuzzer target for connection tracking and payload inspection: a compact stream of frames
// goes through a capture worker (capture_worker.hpp: decoder, small flow table, nDPI and our
// parsers, conn.log rows, flow records). Mutating frames rather than a pcap file reaches deep
// flow-table states (handshakes, closes, reuse, eviction, timeouts) sooner than capture_fuzz.
// Input: the first byte picks the link type, then frames as [2-byte big-endian length][time
// byte][frame]: a time byte below 0x80 advances the clock by that many 10 ms steps, from 0x80 by
// (byte - 0x80) * 10 s, so every timeout can fire within an input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "capture_worker.hpp"

namespace {

constexpr int kLinkTypes[] = {1, 101, 113, 228, 229, 276, 0, 12};

std::int64_t time_step(std::uint8_t code) {
  constexpr std::int64_t kTick = 10'000'000;  // 10 ms
  return code < 0x80 ? code * kTick : (code - 0x80) * 1000 * kTick;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  iotscope::fuzz::CaptureWorker worker(kLinkTypes[data[0] % std::size(kLinkTypes)]);
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  std::int64_t ts_ns = 1'600'000'000LL * 1'000'000'000;
  while (rest.size() >= 3) {
    const std::size_t length =
        std::min<std::size_t>((std::size_t{rest[0]} << 8) | rest[1], rest.size() - 3);
    ts_ns += time_step(rest[2]);
    rest = rest.subspan(3);
    // An exact-size heap copy, so ASan sees any read past the captured bytes.
    auto* copy = static_cast<std::uint8_t*>(std::malloc(length == 0 ? 1 : length));
    std::copy_n(rest.begin(), length, copy);
    worker.add(std::span<const std::uint8_t>(copy, length), ts_ns,
               static_cast<std::uint32_t>(length));
    std::free(copy);
    rest = rest.subspan(length);
  }
  worker.finish(ts_ns);
  return 0;
}
