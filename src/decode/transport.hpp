#pragma once
// TCP, UDP, ICMP and ICMPv6 headers on top of an IP payload; any other protocol keeps the whole
// IP payload as its payload.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"

namespace iotscope {

// The IP payload: the bytes the capture holds (never more than `declared`) and the length the IP
// header claims, which is larger when the snap length cut the frame.
struct IpPayload {
  std::span<const std::uint8_t> captured;
  std::uint32_t declared = 0;
};

PacketKind decode_transport(std::uint8_t protocol, IpPayload payload, DecodedPacket& out);

}  // namespace iotscope
