#pragma once
// A run of decoded packets handed from the reading thread to one flow worker. The decoder's
// packets are views into buffers the next frame overwrites. When the frame's read buffer may be
// held (lendable_buffer.hpp), the batch holds it and keeps the views as they are; otherwise (and
// past kMaxHeldBuffers) it copies the bytes they point at (the IP datagram as captured, and the
// payload when it lies elsewhere) and points the packets' views into its own buffer once it is
// sealed. Batches are reused; clear() lets go of what they held. When nothing reads payload
// (`iotscope flows --no-payload`) a batch keeps no bytes: its packets' views are empty, as if the
// snap length had cut them after the headers, and the lengths count as before.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "decode/decoded_packet.hpp"
#include "sources/pcap/lendable_buffer.hpp"

namespace iotscope {

struct PacketBatch {
  explicit PacketBatch(bool keep_bytes = true) : keep_bytes_(keep_bytes) {}

  // What the worker does after the packets.
  enum class End : std::uint8_t {
    none,
    epoch,  // expire every connection whose timer ran out by end_ns, then report the epoch
    input,  // end of input at network time end_ns: emit everything, report, stop
  };

  std::vector<DecodedPacket> packets;
  std::vector<std::int64_t> network_ns;  // per packet: the capture's latest timestamp so far
  End end = End::none;
  std::int64_t end_ns = 0;

  // A batch holds a few read buffers at most, so one that fills slowly (a worker with little
  // traffic) does not keep the reader's buffers from it.
  static constexpr std::size_t kMaxHeldBuffers = 3;

  // `buffer`: where the packet's bytes lie when they may be held rather than copied.
  void add(const DecodedPacket& packet, std::int64_t now_ns,
           const LendableBuffer* buffer = nullptr);
  // Points every packet's views into the batch's own bytes; call once before handing it on.
  void seal();
  void clear();
  // Bytes copied into the batch.
  std::size_t byte_size() const { return bytes_.size(); }
  std::size_t held_buffers() const { return held_.size(); }

 private:
  struct Views {
    std::uint32_t ip_offset = 0;
    std::uint32_t ip_size = 0;
    std::uint32_t payload_offset = 0;
    std::uint32_t payload_size = 0;
  };
  // ip_offset of a packet whose views point into a held buffer and stay as they are.
  static constexpr std::uint32_t kHeldInPlace = UINT32_MAX;
  std::uint32_t keep(std::span<const std::uint8_t> bytes);
  bool hold(const DecodedPacket& packet, const LendableBuffer& buffer);

  bool keep_bytes_ = true;
  std::vector<std::uint8_t> bytes_;
  std::vector<Views> views_;
  std::vector<std::shared_ptr<const std::uint8_t[]>> held_;
};

}  // namespace iotscope
