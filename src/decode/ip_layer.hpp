#pragma once
// IPv4 (RFC 791) and IPv6 (RFC 8200) headers, fragments included, down to the transport layer.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"
#include "decode/fragment_reassembler.hpp"

namespace iotscope {

// `packet` starts at the IP header and holds the captured bytes; `wire_available` is how many
// bytes the frame had on the wire from there on, so a length beyond it is a lie rather than a
// snap-length cut.
PacketKind decode_ipv4(std::span<const std::uint8_t> packet, std::uint32_t wire_available,
                       FragmentReassembler& reassembler, DecodedPacket& out);

PacketKind decode_ipv6(std::span<const std::uint8_t> packet, std::uint32_t wire_available,
                       FragmentReassembler& reassembler, DecodedPacket& out);

}  // namespace iotscope
