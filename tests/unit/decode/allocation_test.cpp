// Decoding allocates nothing per packet: global operator new is replaced in this test binary to
// count allocations while frames are decoded.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "capture_file.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

// GCC cannot see that this new and delete are a replacement pair.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace iotscope::testing {
namespace {

TEST(Allocation, DecodingAllocatesNothingPerPacket) {
  std::vector<CaptureFile> captures;
  for (const char* name : {"http-vlan-0.pcap", "ipv6-fragmented-dns.pcap", "pppoe.pcap",
                           "q-in-q.pcap", "Teredo.pcap", "raw_packets.pcap"}) {
    captures.push_back(read_capture(name));
  }
  PacketDecoder decoder(link_type::ethernet);
  DecodedPacket out;
  // First pass: the reassembler reserves its slot buffers once.
  for (const CaptureFile& capture : captures) {
    for (const CapturedFrame& f : capture.frames)
      decoder.decode(f.bytes, f.ts_ns, f.wire_length, out);
  }
  const std::size_t before = allocations.load();
  ASSERT_GT(before, 0U);  // the counter sees the reads above, so it would see ours too
  std::size_t decoded = 0;
  for (int pass = 0; pass < 3; ++pass) {
    for (const CaptureFile& capture : captures) {
      for (const CapturedFrame& f : capture.frames) {
        decoder.decode(f.bytes, f.ts_ns, f.wire_length, out);
        ++decoded;
      }
    }
  }
  EXPECT_EQ(allocations.load() - before, 0U);
  EXPECT_EQ(decoded, 3U * (14 + 8 + 65 + 5 + 78 + 33));
}

}  // namespace
}  // namespace iotscope::testing
