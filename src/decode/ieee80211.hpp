#pragma once
// 802.11 frames (optionally behind a radiotap header). Only data frames carrying LLC/SNAP are
// decoded; management, control, null-data and protected frames carry no IP we can read.
#include <cstdint>
#include <span>

#include "decode/decoded_packet.hpp"
#include "decode/link_layer.hpp"

namespace iotscope {

LinkLayer decode_radiotap(std::span<const std::uint8_t> frame, DecodedPacket& out);

// `fcs_at_end`: the last 4 bytes are the frame check sequence, not payload.
LinkLayer decode_ieee80211(std::span<const std::uint8_t> frame, std::uint32_t offset,
                           bool fcs_at_end, DecodedPacket& out);

}  // namespace iotscope
