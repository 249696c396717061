// libFuzzer target for the packet decoder. The first byte picks a supported link type; the
// rest is split into frames (2-byte big-endian length prefixes) that all go through one decoder,
// so fragment-reassembly state carries from frame to frame. Every decoded fact must stay
// within the captured bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "decode/packet_decoder.hpp"

namespace {

constexpr int kLinkTypes[] = {0, 1, 12, 14, 101, 105, 108, 113, 127, 228, 229, 276};

// Reassembled views live in the decoder's own buffers; every other view is inside the frame.
void check_view(std::span<const std::uint8_t> frame, std::span<const std::uint8_t> view,
                bool reassembled) {
  if (view.empty() || reassembled) return;
  const bool in_frame =
      view.data() >= frame.data() && view.data() + view.size() <= frame.data() + frame.size();
  if (!in_frame) std::abort();
}

void check_within(std::span<const std::uint8_t> frame, const iotscope::DecodedPacket& out) {
  check_view(frame, out.payload, out.reassembled);
  check_view(frame, out.ip_packet, out.reassembled);
  if (out.reassembled && out.ip_packet.size() != out.ip_length) std::abort();
  if (out.payload.size() > out.payload_length && out.kind == iotscope::PacketKind::ip) {
    std::abort();
  }
  if (out.kind == iotscope::PacketKind::malformed && out.issue == nullptr) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int link_type = kLinkTypes[data[0] % std::size(kLinkTypes)];
  iotscope::FragmentLimits limits;
  limits.max_reassemblies = 4;
  limits.max_datagram_bytes = 4096;
  iotscope::PacketDecoder decoder(link_type, limits);
  iotscope::DecodedPacket out;
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  std::int64_t ts_ns = 0;
  while (!rest.empty()) {
    std::size_t length = rest.size();
    if (rest.size() >= 2) {
      length = std::min<std::size_t>((std::size_t{rest[0]} << 8) | rest[1], rest.size() - 2);
      rest = rest.subspan(2);
    }
    const std::span<const std::uint8_t> frame = rest.first(length);
    // Copy to an exact-size heap buffer so ASan sees any read past the captured bytes.
    auto* copy = static_cast<std::uint8_t*>(std::malloc(length == 0 ? 1 : length));
    std::copy(frame.begin(), frame.end(), copy);
    const std::span<const std::uint8_t> exact(copy, length);
    const auto wire = static_cast<std::uint32_t>(length + (ts_ns % 3) * 100);
    decoder.decode(exact, ts_ns, wire, out);
    check_within(exact, out);
    std::free(copy);
    ts_ns += 1'000'000'000;
    rest = rest.subspan(length);
  }
  if (decoder.reassembler().reserved_bytes() > decoder.reassembler().memory_bound()) std::abort();
  return 0;
}
