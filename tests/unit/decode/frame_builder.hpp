#pragma once
// Test support: builds frames byte by byte for cases no real trace has (malformed headers,
// other link types, fragments in chosen orders).
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "decode/packet_decoder.hpp"

namespace iotscope::testing {

using Bytes = std::vector<std::uint8_t>;

class FrameBuilder {
 public:
  FrameBuilder& u8(std::uint8_t value) {
    bytes_.push_back(value);
    return *this;
  }
  FrameBuilder& be16(std::uint16_t value) {
    return u8(static_cast<std::uint8_t>(value >> 8)).u8(static_cast<std::uint8_t>(value));
  }
  FrameBuilder& le16(std::uint16_t value) {
    return u8(static_cast<std::uint8_t>(value)).u8(static_cast<std::uint8_t>(value >> 8));
  }
  FrameBuilder& be32(std::uint32_t value) {
    return be16(static_cast<std::uint16_t>(value >> 16)).be16(static_cast<std::uint16_t>(value));
  }
  FrameBuilder& le32(std::uint32_t value) {
    return le16(static_cast<std::uint16_t>(value)).le16(static_cast<std::uint16_t>(value >> 16));
  }
  FrameBuilder& bytes(std::initializer_list<std::uint8_t> values) {
    bytes_.insert(bytes_.end(), values);
    return *this;
  }
  FrameBuilder& append(const Bytes& values) {
    bytes_.insert(bytes_.end(), values.begin(), values.end());
    return *this;
  }
  FrameBuilder& fill(std::size_t count, std::uint8_t value = 0) {
    bytes_.insert(bytes_.end(), count, value);
    return *this;
  }
  Bytes build() const { return bytes_; }

 private:
  Bytes bytes_;
};

inline Bytes ethernet_header(std::uint16_t type) {
  return FrameBuilder()
      .bytes({0x02, 0, 0, 0, 0, 0x02})
      .bytes({0x02, 0, 0, 0, 0, 0x01})
      .be16(type)
      .build();
}

struct Ipv4Fields {
  std::uint8_t protocol = ip_protocol::udp;
  std::uint16_t total_length = 28;
  std::uint32_t src = 0xC0A80001;  // 192.168.0.1
  std::uint32_t dst = 0xC0A80002;  // 192.168.0.2
  std::uint16_t id = 0;
  std::uint16_t fragment = 0;  // flags and offset field as on the wire
  std::uint8_t ihl = 5;
  std::uint8_t ttl = 64;
};

inline Bytes ipv4_header(const Ipv4Fields& f) {
  FrameBuilder b;
  b.u8(static_cast<std::uint8_t>(0x40 | f.ihl)).u8(0).be16(f.total_length);
  b.be16(f.id).be16(f.fragment).u8(f.ttl).u8(f.protocol).be16(0).be32(f.src).be32(f.dst);
  if (f.ihl > 5) b.fill((f.ihl - 5U) * 4U, 1);  // NOP options
  return b.build();
}

inline Bytes ipv6_header(std::uint8_t next, std::uint16_t payload_length, std::uint8_t hop = 64) {
  FrameBuilder b;
  b.be32(0x60000000).be16(payload_length).u8(next).u8(hop);
  b.bytes({0xfe, 0x80}).fill(13).u8(1);  // fe80::1
  b.bytes({0xfe, 0x80}).fill(13).u8(2);  // fe80::2
  return b.build();
}

inline Bytes udp_header(std::uint16_t src, std::uint16_t dst, std::uint16_t length) {
  return FrameBuilder().be16(src).be16(dst).be16(length).be16(0).build();
}

inline Bytes tcp_header(std::uint16_t src, std::uint16_t dst, std::uint8_t flags,
                        std::uint8_t data_offset = 5) {
  FrameBuilder b;
  b.be16(src).be16(dst).be32(1000).be32(2000);
  b.u8(static_cast<std::uint8_t>(data_offset << 4)).u8(flags).be16(512).be16(0).be16(0);
  if (data_offset > 5) b.fill((data_offset - 5U) * 4U, 1);
  return b.build();
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  FrameBuilder b;
  for (const Bytes& part : parts) b.append(part);
  return b.build();
}

// Decodes one frame with a fresh decoder; the wire length is the frame size unless given.
inline DecodedPacket decode_frame(int link_type, const Bytes& frame, std::uint32_t wire = 0) {
  PacketDecoder decoder(link_type);
  DecodedPacket out;
  decoder.decode(frame, 1, wire == 0 ? static_cast<std::uint32_t>(frame.size()) : wire, out);
  return out;
}

}  // namespace iotscope::testing
