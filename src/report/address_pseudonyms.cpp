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

constexpr std::size_t kCachedBits = 16;

// Bit i of the output is bit i of the input flipped by a keyed function of bits 0..i-1, so equal
// prefixes stay equal and nothing else is learnt without the key. The flips of the first
// kCachedBits bits are kept in `flips`.
std::array<std::uint8_t, 16> permute(const KeyedHmac& hmac, std::array<std::uint8_t, 16> bytes,
                                     std::size_t first_bit, std::vector<std::uint8_t>& flips) {
  const std::array<std::uint8_t, 16> input = bytes;
  std::string prefix;
  prefix.reserve(130);
  std::size_t prefix_value = 0;
  for (std::size_t i = first_bit; i < 128; ++i) {
    const std::size_t depth = i - first_bit;
    bool flip = false;
    if (depth < kCachedBits) {
      std::uint8_t& known = flips[(std::size_t{1} << depth) | prefix_value];
      if (known == 0) known = (hmac.digest(prefix)[0] & 1U) != 0 ? 2 : 1;
      flip = known == 2;
    } else {
      flip = (hmac.digest(prefix)[0] & 1U) != 0;
    }
    if (flip) bytes[i / 8] ^= static_cast<std::uint8_t>(1U << (7 - i % 8));
    const bool bit = bit_at(input, i);
    prefix.push_back(bit ? '1' : '0');
    prefix_value = prefix_value << 1 | (bit ? 1U : 0U);
  }
  return bytes;
}

}  // namespace

AddressPseudonyms::AddressPseudonyms(const std::string& key)
    : v4_(key + "/ipv4"),
      v6_(key + "/ipv6"),
      mac_(key + "/mac"),
      v4_flips_(std::size_t{1} << kCachedBits),
      v6_flips_(std::size_t{1} << kCachedBits) {}

void AddressPseudonyms::forget_addresses() {
  ips_.clear();
  macs_.clear();
}

IpAddress AddressPseudonyms::ip(const IpAddress& address) {
  if (address.is_unset()) return address;
  if (const auto it = ips_.find(address); it != ips_.end()) return it->second;
  IpAddress mapped;
  if (address.is_v4()) {
    const auto bytes = permute(v4_, address.bytes(), kV4Offset * 8, v4_flips_);
    mapped = IpAddress::v4(static_cast<std::uint32_t>(bytes[12]) << 24 |
                           static_cast<std::uint32_t>(bytes[13]) << 16 |
                           static_cast<std::uint32_t>(bytes[14]) << 8 | bytes[15]);
  } else {
    mapped = IpAddress::v6(permute(v6_, address.bytes(), 0, v6_flips_));
  }
  ips_.emplace(address, mapped);
  return mapped;
}

std::string AddressPseudonyms::mac(const std::string& mac) {
  if (mac.size() != 17) return mac;
  if (const auto it = macs_.find(mac); it != macs_.end()) return it->second;
  const Sha256Digest digest = mac_.digest(mac);
  std::string mapped =
      fmt::format("{}:{:02x}:{:02x}:{:02x}", mac.substr(0, 8), digest[0], digest[1], digest[2]);
  macs_.emplace(mac, mapped);
  return mapped;
}

}  // namespace iotscope
