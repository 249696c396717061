#pragma once
// pcap LINKTYPE_ numbers the decoder understands (https://www.tcpdump.org/linktypes.html).
namespace iotscope {

namespace link_type {
inline constexpr int null_loopback = 0;  // 4-byte address family in the capturing host's order
inline constexpr int ethernet = 1;
inline constexpr int raw_ip_dlt12 = 12;  // DLT_RAW on most BSDs
inline constexpr int raw_ip_dlt14 = 14;  // DLT_RAW on OpenBSD
inline constexpr int raw_ip = 101;       // LINKTYPE_RAW
inline constexpr int ieee802_11 = 105;   // 802.11 without radio header
inline constexpr int loop = 108;         // OpenBSD loopback: family in network order
inline constexpr int linux_sll = 113;    // Linux cooked capture v1
inline constexpr int ieee802_11_radiotap = 127;
inline constexpr int ipv4 = 228;
inline constexpr int ipv6 = 229;
inline constexpr int linux_sll2 = 276;  // Linux cooked capture v2
}  // namespace link_type

// True for every link type PacketDecoder decodes; a reader should refuse a capture of any other.
bool is_supported_link_type(int link_type);

}  // namespace iotscope
