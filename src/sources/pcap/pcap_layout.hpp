#pragma once
// The classic pcap layout (tcpdump's savefile format): a 24-byte file header, then records of a
// 16-byte header (seconds, sub-second, captured length, wire length) and the captured bytes.
// Readers and the rotating writer count offsets with it.
#include <cstdint>

namespace iotscope {

inline constexpr std::uint64_t kPcapFileHeaderBytes = 24;
inline constexpr std::uint64_t kPcapRecordHeaderBytes = 16;

}  // namespace iotscope
