#pragma once
// ARP over Ethernet for IPv4 (RFC 826): requests and replies become ArpFacts.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"

namespace iotscope {

// `packet` starts at the ARP header. Other hardware/protocol pairs and operations are non_ip.
PacketKind decode_arp(std::span<const std::uint8_t> packet, DecodedPacket& out);

}  // namespace iotscope
