#pragma once
// Turns one captured frame into a DecodedPacket without allocating per packet. One decoder per
// capture (it keeps the fragment-reassembly state of that capture); not thread-safe.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"
#include "decode/fragment_reassembler.hpp"
#include "decode/link_type.hpp"

namespace iotscope {

class PacketDecoder {
 public:
  // `link_type` is the capture's LINKTYPE_ number; check is_supported_link_type() first: frames
  // of an unsupported type all come out malformed.
  explicit PacketDecoder(int link_type, FragmentLimits limits = {});

  // `frame` holds the captured bytes, `wire_length` the frame's length on the wire. `out` is
  // overwritten; its payload stays valid until the next call or until `frame` is freed.
  PacketKind decode(std::span<const std::uint8_t> frame, std::int64_t ts_ns,
                    std::uint32_t wire_length, DecodedPacket& out);

  int link_type() const { return link_type_; }
  const FragmentReassembler& reassembler() const { return reassembler_; }

 private:
  int link_type_;
  FragmentReassembler reassembler_;
};

}  // namespace iotscope
