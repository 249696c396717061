#include "probe/snmp_get.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kNull = 0x05;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kGetRequest = 0xA0;
constexpr std::uint8_t kGetResponse = 0xA2;

std::string tlv(std::uint8_t tag, std::string_view content) {
  // Every request here is far below 128 bytes, so the short length form suffices.
  std::string out;
  out += static_cast<char>(tag);
  out += static_cast<char>(content.size());
  out += content;
  return out;
}

std::string integer(std::uint32_t value) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>(value >> shift);
  // Minimal two's-complement form: drop leading zero bytes unless the next has its top bit set.
  while (bytes.size() > 1 && bytes[0] == 0 && (static_cast<unsigned char>(bytes[1]) & 0x80) == 0) {
    bytes.erase(0, 1);
  }
  if ((static_cast<unsigned char>(bytes[0]) & 0x80) != 0) bytes.insert(0, 1, '\0');
  return tlv(kInteger, bytes);
}

// A cursor over BER TLVs that refuses to step outside its bytes.
class BerReader {
 public:
  explicit BerReader(std::string_view bytes) : bytes_(bytes) {}

  // The content of the next element if its tag is `tag`.
  std::optional<std::string_view> next(std::uint8_t tag) {
    if (bytes_.size() < 2 || static_cast<std::uint8_t>(bytes_[0]) != tag) return std::nullopt;
    std::size_t length = static_cast<std::uint8_t>(bytes_[1]);
    std::size_t header = 2;
    if (length & 0x80) {
      const std::size_t count = length & 0x7f;
      if (count == 0 || count > 3 || bytes_.size() < 2 + count) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < count; ++i) {
        length = (length << 8) | static_cast<std::uint8_t>(bytes_[2 + i]);
      }
      header += count;
    }
    if (bytes_.size() - header < length) return std::nullopt;
    const std::string_view content = bytes_.substr(header, length);
    bytes_.remove_prefix(header + length);
    return content;
  }

  std::optional<std::uint32_t> next_integer() {
    const auto content = next(kInteger);
    if (!content || content->empty() || content->size() > 5) return std::nullopt;
    std::uint32_t value = 0;
    for (const char c : *content) value = (value << 8) | static_cast<std::uint8_t>(c);
    return value;
  }

 private:
  std::string_view bytes_;
};

}  // namespace

std::string snmp_sysdescr_request(std::uint8_t version, std::string_view community,
                                  std::uint32_t request_id) {
  static constexpr char kSysDescr[] = {0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00};
  const std::string varbind =
      tlv(kSequence, tlv(kOid, std::string_view(kSysDescr, sizeof kSysDescr)) + tlv(kNull, ""));
  const std::string pdu =
      tlv(kGetRequest, integer(request_id) + integer(0) + integer(0) + tlv(kSequence, varbind));
  return tlv(kSequence, integer(version) + tlv(kOctetString, community) + pdu);
}

std::optional<SnmpReply> parse_snmp_reply(std::string_view bytes) {
  BerReader outer(bytes);
  const auto message = outer.next(kSequence);
  if (!message) return std::nullopt;
  BerReader fields(*message);
  SnmpReply reply;
  const auto version = fields.next_integer();
  const auto community = fields.next(kOctetString);
  const auto pdu = fields.next(kGetResponse);
  if (!version || *version > 3 || !community || !pdu) return std::nullopt;
  reply.version = static_cast<std::uint8_t>(*version);
  reply.community = std::string(*community);
  BerReader pdu_fields(*pdu);
  const auto request_id = pdu_fields.next_integer();
  const auto error_status = pdu_fields.next_integer();
  const auto error_index = pdu_fields.next_integer();
  const auto varbinds = pdu_fields.next(kSequence);
  if (!request_id || !error_status || !error_index || !varbinds) return std::nullopt;
  reply.request_id = *request_id;
  reply.error_status = *error_status;
  BerReader list(*varbinds);
  if (const auto varbind = list.next(kSequence)) {
    BerReader pair(*varbind);
    // An octet-string tag with a length past the varbind's end is no value.
    if (pair.next(kOid)) {
      if (const auto value = pair.next(kOctetString)) reply.value = std::string(*value);
    }
  }
  return reply;
}

}  // namespace iotscope
