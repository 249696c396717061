#include "decode/ieee80211.hpp"

#include <cstring>

#include "decode/byte_order.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kRadiotapMinimum = 8;  // version, pad, length, first present word
constexpr std::uint32_t kPresentTsft = 1U << 0;
constexpr std::uint32_t kPresentFlags = 1U << 1;
constexpr std::uint32_t kPresentExtended = 1U << 31;
constexpr std::uint8_t kRadiotapFlagFcs = 0x10;
constexpr std::uint8_t kRadiotapFlagBadFcs = 0x40;

constexpr std::uint32_t kDataHeader = 24;  // fc, duration, 3 addresses, sequence control
constexpr std::uint32_t kAddress4 = 6;
constexpr std::uint32_t kQosControl = 2;
constexpr std::uint32_t kHtControl = 4;
constexpr std::uint32_t kFcs = 4;

constexpr std::uint8_t kTypeData = 2;
constexpr std::uint8_t kSubtypeQosBit = 0x08;
constexpr std::uint8_t kSubtypeNoDataBit = 0x04;
constexpr std::uint8_t kFlagToDs = 0x01;
constexpr std::uint8_t kFlagFromDs = 0x02;
constexpr std::uint8_t kFlagMoreFragments = 0x04;
constexpr std::uint8_t kFlagProtected = 0x40;
constexpr std::uint8_t kFlagOrder = 0x80;  // on QoS data: an HT control field follows

// The radiotap Flags field, or 0 when absent. Fields are naturally aligned from the header start.
std::uint8_t radiotap_flags(std::span<const std::uint8_t> header) {
  const std::uint32_t first_present = load_le32(header.data() + 4);
  std::uint32_t cursor = 4;
  std::uint32_t present = first_present;
  while ((present & kPresentExtended) != 0) {
    cursor += 4;
    if (cursor + 4 > header.size()) return 0;
    present = load_le32(header.data() + cursor);
  }
  cursor += 4;
  if ((first_present & kPresentTsft) != 0) cursor = ((cursor + 7) & ~7U) + 8;
  if ((first_present & kPresentFlags) == 0 || cursor >= header.size()) return 0;
  return header[cursor];
}

void record_addresses(const std::uint8_t* header, std::uint8_t flags, DecodedPacket& out) {
  const std::uint8_t* a1 = header + 4;
  const std::uint8_t* a2 = header + 10;
  const std::uint8_t* a3 = header + 16;
  const std::uint8_t* a4 = header + 24;
  const bool to_ds = (flags & kFlagToDs) != 0;
  const bool from_ds = (flags & kFlagFromDs) != 0;
  const std::uint8_t* destination = to_ds ? a3 : a1;
  const std::uint8_t* source = from_ds ? (to_ds ? a4 : a3) : a2;
  std::memcpy(out.dst_mac.data(), destination, 6);
  std::memcpy(out.src_mac.data(), source, 6);
  out.has_macs = true;
}

}  // namespace

LinkLayer decode_radiotap(std::span<const std::uint8_t> frame, DecodedPacket& out) {
  if (frame.size() < kRadiotapMinimum) return link_malformed("truncated radiotap header");
  if (frame[0] != 0) return link_malformed("radiotap version is not 0");
  const std::uint16_t length = load_le16(frame.data() + 2);
  if (length < kRadiotapMinimum || length > frame.size()) {
    return link_malformed("radiotap length beyond the frame");
  }
  const std::uint8_t flags = radiotap_flags(frame.first(length));
  if ((flags & kRadiotapFlagBadFcs) != 0) return link_non_ip();
  return decode_ieee80211(frame, length, (flags & kRadiotapFlagFcs) != 0, out);
}

LinkLayer decode_ieee80211(std::span<const std::uint8_t> frame, std::uint32_t offset,
                           bool fcs_at_end, DecodedPacket& out) {
  if (fcs_at_end) {
    if (frame.size() < offset + kFcs) return link_malformed("802.11 frame shorter than its FCS");
    frame = frame.first(frame.size() - kFcs);
  }
  if (frame.size() < offset + 2) return link_malformed("truncated 802.11 header");
  const std::uint8_t* header = frame.data() + offset;
  const std::uint8_t control = header[0];
  const std::uint8_t flags = header[1];
  const auto type = static_cast<std::uint8_t>((control >> 2) & 0x03);
  const auto subtype = static_cast<std::uint8_t>(control >> 4);
  if ((control & 0x03) != 0) return link_malformed("802.11 protocol version is not 0");
  if (type != kTypeData) return link_non_ip();
  if ((subtype & kSubtypeNoDataBit) != 0) return link_non_ip();
  if ((flags & (kFlagProtected | kFlagMoreFragments)) != 0) return link_non_ip();
  const bool qos = (subtype & kSubtypeQosBit) != 0;
  const bool four_addresses = (flags & kFlagToDs) != 0 && (flags & kFlagFromDs) != 0;
  const std::uint32_t length = kDataHeader + (four_addresses ? kAddress4 : 0) +
                               (qos ? kQosControl : 0) +
                               (qos && (flags & kFlagOrder) != 0 ? kHtControl : 0);
  if (frame.size() < offset + length) return link_malformed("truncated 802.11 data header");
  // A fragment number other than 0 means the LLC header is in an earlier frame.
  if ((load_le16(header + 22) & 0x000f) != 0) return link_non_ip();
  record_addresses(header, flags, out);
  const std::uint32_t llc = offset + length;
  if (frame.size() < llc + kLlcSnapHeader) return link_non_ip();
  const std::uint8_t* p = frame.data() + llc;
  if (p[0] != 0xaa || p[1] != 0xaa || p[2] != 0x03) return link_non_ip();
  return follow_ethertype(frame, llc + kLlcSnapHeader, load_be16(p + 6), out);
}

}  // namespace iotscope
