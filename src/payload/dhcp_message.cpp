#include "payload/dhcp_message.hpp"

#include <array>

#include "payload/address_text.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kFixedHeader = 236;  // op .. file
constexpr std::uint32_t kMagicCookie = 0x63825363;
constexpr std::uint8_t kEthernet = 1;
constexpr std::uint8_t kPad = 0;
constexpr std::uint8_t kEnd = 255;
constexpr std::uint8_t kOptionHostName = 12;
constexpr std::uint8_t kOptionRequestedAddress = 50;
constexpr std::uint8_t kOptionMessageType = 53;
constexpr std::uint8_t kOptionParameterList = 55;
constexpr std::uint8_t kOptionVendorClass = 60;
constexpr std::uint8_t kOptionClientFqdn = 81;

std::string mac_text(ByteSpan bytes) {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string text;
  for (const std::uint8_t byte : bytes) {
    if (!text.empty()) text += ':';
    text += kHex[byte >> 4];
    text += kHex[byte & 0x0F];
  }
  return text;
}

std::string comma_list(ByteSpan codes) {
  std::string text;
  for (const std::uint8_t code : codes) {
    if (!text.empty()) text += ',';
    text += std::to_string(code);
  }
  return text;
}

// Hosts pad names with NULs; cut at the first.
std::string c_string(ByteSpan bytes) {
  const std::string_view text = as_text(bytes);
  return std::string(text.substr(0, text.find('\0')));
}

void store_option(std::uint8_t code, ByteSpan value, DhcpMessage& message) {
  switch (code) {
    case kOptionMessageType:
      if (!value.empty()) message.message_type = value[0];
      break;
    case kOptionHostName:
      message.host_name = c_string(value);
      break;
    case kOptionVendorClass:
      message.vendor_class = c_string(value);
      break;
    case kOptionParameterList:
      message.parameter_request_list = comma_list(value);
      break;
    case kOptionRequestedAddress:
      if (value.size() == 4) message.requested_address = ipv4_text(value);
      break;
    case kOptionClientFqdn:
      // flags(1) rcode1(1) rcode2(1) name; only the ASCII (E bit clear) form is read.
      if (value.size() > 3 && (value[0] & 0x04) == 0)
        message.client_fqdn = c_string(value.subspan(3));
      break;
    default:
      break;
  }
}

}  // namespace

std::string dhcp_message_type_name(std::uint8_t type) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM"};
  if (type >= 1 && type < kNames.size()) return std::string(kNames[type]);
  return "unknown-" + std::to_string(type);
}

ParseResult<DhcpMessage> parse_dhcp_message(ByteSpan bytes) {
  ByteReader reader(bytes);
  const auto header = reader.take(kFixedHeader);
  if (!header) return reader.error("236-byte BOOTP header");
  const auto cookie = reader.u32();
  if (!cookie || *cookie != kMagicCookie)
    return ParseError{kFixedHeader, "DHCP magic cookie 63825363"};
  DhcpMessage message;
  const ByteSpan fixed = *header;
  message.op = fixed[0];
  const std::uint8_t hardware_type = fixed[1];
  const std::uint8_t hardware_length = fixed[2];
  message.transaction_id = static_cast<std::uint32_t>(fixed[4]) << 24 |
                           static_cast<std::uint32_t>(fixed[5]) << 16 |
                           static_cast<std::uint32_t>(fixed[6]) << 8 | fixed[7];
  message.client_address = ipv4_text(fixed.subspan(12, 4));
  message.your_address = ipv4_text(fixed.subspan(16, 4));
  if (hardware_type == kEthernet && hardware_length == 6)
    message.client_mac = mac_text(fixed.subspan(28, 6));
  while (!reader.empty()) {
    const auto code = reader.u8();
    if (*code == kEnd) break;
    if (*code == kPad) continue;
    const auto length = reader.u8();
    if (!length) return reader.error("length of option " + std::to_string(*code));
    const auto value = reader.take(*length);
    if (!value) {
      return reader.error("option " + std::to_string(*code) + " value of " +
                          std::to_string(*length) + " bytes");
    }
    store_option(*code, *value, message);
  }
  return message;
}

}  // namespace iotscope
