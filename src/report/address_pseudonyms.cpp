#include "report/address_pseudonyms.hpp"

#include <fmt/format.h>

#include <array>

#include "report/anonymizer.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kV4Offset = 12;  // IPv4 sits in the last 4 bytes of the v4-mapped form

bool bit_at(const std::array<std::uint8_t, 16>& bytes, std::size_t i) {
  return ((bytes[i / 8] >> (7 - i % 8)) & 1U) != 0;
}

// Bit i of the output is bit i of the input flipped by a keyed function of bits 0..i-1, so equal
// prefixes stay equal and nothing else is learnt without the key.
std::array<std::uint8_t, 16> permute(const std::string& key, std::array<std::uint8_t, 16> bytes,
                                     std::size_t first_bit) {
  const std::array<std::uint8_t, 16> input = bytes;
  std::string prefix;
  prefix.reserve(130);
  for (std::size_t i = first_bit; i < 128; ++i) {
    const Sha256Digest digest = hmac_sha256(key, prefix);
    if ((digest[0] & 1U) != 0) bytes[i / 8] ^= static_cast<std::uint8_t>(1U << (7 - i % 8));
    prefix.push_back(bit_at(input, i) ? '1' : '0');
  }
  return bytes;
}

}  // namespace

IpAddress AddressPseudonyms::ip(const IpAddress& address) {
  if (address.is_unset()) return address;
  if (const auto it = ips_.find(address); it != ips_.end()) return it->second;
  IpAddress mapped;
  if (address.is_v4()) {
    const auto bytes = permute(key_ + "/ipv4", address.bytes(), kV4Offset * 8);
    mapped = IpAddress::v4(static_cast<std::uint32_t>(bytes[12]) << 24 |
                           static_cast<std::uint32_t>(bytes[13]) << 16 |
                           static_cast<std::uint32_t>(bytes[14]) << 8 | bytes[15]);
  } else {
    mapped = IpAddress::v6(permute(key_ + "/ipv6", address.bytes(), 0));
  }
  ips_.emplace(address, mapped);
  return mapped;
}

std::string AddressPseudonyms::mac(const std::string& mac) {
  if (mac.size() != 17) return mac;
  if (const auto it = macs_.find(mac); it != macs_.end()) return it->second;
  const Sha256Digest digest = hmac_sha256(key_ + "/mac", mac);
  std::string mapped =
      fmt::format("{}:{:02x}:{:02x}:{:02x}", mac.substr(0, 8), digest[0], digest[1], digest[2]);
  macs_.emplace(mac, mapped);
  return mapped;
}

}  // namespace iotscope
