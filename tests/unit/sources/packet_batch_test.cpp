#include "sources/pcap/packet_batch.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace iotscope {
namespace {

constexpr std::size_t kBufferBytes = 4096;

// Twice as many bytes as the buffer says it has: a view may run past its end and still be
// readable.
LendableBuffer lendable_buffer() {
  LendableBuffer buffer{std::make_shared<std::uint8_t[]>(2 * kBufferBytes), kBufferBytes};
  for (std::size_t i = 0; i < 2 * kBufferBytes; ++i) buffer.bytes[i] = static_cast<std::uint8_t>(i);
  return buffer;
}

// A packet whose 100-byte datagram starts at `at` in `bytes`, its last 60 bytes the payload.
DecodedPacket packet_in(const std::uint8_t* bytes, std::size_t at) {
  DecodedPacket packet;
  packet.kind = PacketKind::ip;
  packet.ip_packet = {bytes + at, 100};
  packet.payload = {bytes + at + 40, 60};
  packet.payload_length = 60;
  return packet;
}

TEST(PacketBatch, HoldsTheReadBufferInsteadOfCopying) {
  const LendableBuffer buffer = lendable_buffer();
  PacketBatch batch;
  batch.add(packet_in(buffer.bytes.get(), 0), 1, &buffer);
  batch.add(packet_in(buffer.bytes.get(), 100), 2, &buffer);
  batch.seal();
  EXPECT_EQ(batch.byte_size(), 0U);
  EXPECT_EQ(batch.held_buffers(), 1U);
  EXPECT_EQ(buffer.bytes.use_count(), 2);
  ASSERT_EQ(batch.packets.size(), 2U);
  EXPECT_EQ(batch.packets[1].ip_packet.data(), buffer.bytes.get() + 100);
  EXPECT_EQ(batch.packets[1].payload.data(), buffer.bytes.get() + 140);
  EXPECT_EQ(batch.packets[1].payload.size(), 60U);

  batch.clear();  // the worker is done: the reader may fill the buffer again
  EXPECT_EQ(buffer.bytes.use_count(), 1);
  EXPECT_EQ(batch.held_buffers(), 0U);
}

TEST(PacketBatch, CopiesWhatLiesOutsideTheBufferAndPastItsHoldingLimit) {
  std::vector<LendableBuffer> buffers;
  for (std::size_t i = 0; i <= PacketBatch::kMaxHeldBuffers; ++i)
    buffers.push_back(lendable_buffer());
  std::vector<std::uint8_t> elsewhere(200, 0xAB);  // e.g. a reassembled datagram

  PacketBatch batch;
  batch.add(packet_in(elsewhere.data(), 0), 1, &buffers[0]);
  // A datagram that runs past the buffer's end is not the buffer's either.
  batch.add(packet_in(buffers[0].bytes.get(), kBufferBytes - 50), 1, &buffers[0]);
  for (const LendableBuffer& buffer : buffers)
    batch.add(packet_in(buffer.bytes.get(), 8), 2, &buffer);
  batch.seal();

  EXPECT_EQ(batch.held_buffers(), PacketBatch::kMaxHeldBuffers);
  EXPECT_EQ(buffers.back().bytes.use_count(), 1);  // one too many: copied
  EXPECT_EQ(batch.byte_size(), 300U);
  ASSERT_EQ(batch.packets.size(), 2 + buffers.size());
  EXPECT_NE(batch.packets[0].ip_packet.data(), elsewhere.data());
  EXPECT_EQ(batch.packets[0].payload[0], 0xAB);
  EXPECT_EQ(batch.packets.back().ip_packet.data()[0], 8);
  EXPECT_NE(batch.packets.back().ip_packet.data(), buffers.back().bytes.get() + 8);
  EXPECT_EQ(batch.packets[2].ip_packet.data(), buffers[0].bytes.get() + 8);

  // A batch that holds nothing (no payload inspection) holds no buffer either.
  PacketBatch bare(false);
  bare.add(packet_in(buffers[0].bytes.get(), 0), 1, &buffers[0]);
  EXPECT_EQ(bare.held_buffers(), 0U);
}

}  // namespace
}  // namespace iotscope
