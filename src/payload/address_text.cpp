#include "payload/address_text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace iotscope {

std::string ipv4_text(ByteSpan four_bytes) {
  if (four_bytes.size() != 4) return {};
  return std::to_string(four_bytes[0]) + '.' + std::to_string(four_bytes[1]) + '.' +
         std::to_string(four_bytes[2]) + '.' + std::to_string(four_bytes[3]);
}

std::string ipv6_text(ByteSpan sixteen_bytes) {
  if (sixteen_bytes.size() != 16) return {};
  constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), sixteen_bytes.begin())) {
    return ipv4_text(sixteen_bytes.subspan(12));
  }
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(AF_INET6, sixteen_bytes.data(), text.data(), static_cast<socklen_t>(text.size())) ==
      nullptr) {
    return {};
  }
  return text.data();
}

}  // namespace iotscope
