// Prefix-preserving address pseudonyms: the keyed bits of the first 16 bits are kept between
// addresses and the key set up once, and the mapping must stay what the plain definition gives
// (reports and conn.logs written with the same key are compared across versions).
#include "report/address_pseudonyms.hpp"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

#include "report/anonymizer.hpp"
#include "report/keyed_hmac.hpp"

namespace iotscope {
namespace {

// The definition, one HMAC per bit, as written before the prefix cache.
std::array<std::uint8_t, 16> reference_permute(const std::string& key,
                                               std::array<std::uint8_t, 16> bytes,
                                               std::size_t first_bit) {
  const std::array<std::uint8_t, 16> input = bytes;
  std::string prefix;
  for (std::size_t i = first_bit; i < 128; ++i) {
    if ((hmac_sha256(key, prefix)[0] & 1U) != 0)
      bytes[i / 8] ^= static_cast<std::uint8_t>(1U << (7 - i % 8));
    prefix.push_back(((input[i / 8] >> (7 - i % 8)) & 1U) != 0 ? '1' : '0');
  }
  return bytes;
}

IpAddress reference_ip(const std::string& key, const IpAddress& address) {
  if (address.is_v4()) {
    const auto b = reference_permute(key + "/ipv4", address.bytes(), 96);
    return IpAddress::v4(static_cast<std::uint32_t>(b[12]) << 24 |
                         static_cast<std::uint32_t>(b[13]) << 16 |
                         static_cast<std::uint32_t>(b[14]) << 8 | b[15]);
  }
  return IpAddress::v6(reference_permute(key + "/ipv6", address.bytes(), 0));
}

TEST(KeyedHmac, EqualsTheOneShotHmac) {
  KeyedHmac jefe("Jefe");
  EXPECT_EQ(jefe.digest("what do ya want for nothing?"),
            hmac_sha256("Jefe", "what do ya want for nothing?"));
  const std::string long_key(200, 'k');  // longer than a block: hashed first
  KeyedHmac keyed(long_key);
  for (const std::string& message :
       {std::string(), std::string("0"), std::string("0110"), std::string(300, '1')})
    EXPECT_EQ(keyed.digest(message), hmac_sha256(long_key, message)) << message;
}

TEST(AddressPseudonyms, MapsAsTheDefinitionDoes) {
  const std::string key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  AddressPseudonyms pseudonyms(key);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 300; ++i) {
    // Many share their first 16 bits, so the kept flips are used as well as made.
    const auto v4 =
        IpAddress::v4(i % 3 == 0 ? static_cast<std::uint32_t>(rng())
                                 : 0xC0A80000U | static_cast<std::uint32_t>(rng() & 0xFFFF));
    EXPECT_EQ(pseudonyms.ip(v4), reference_ip(key, v4)) << v4.to_string();
    std::array<std::uint8_t, 16> bytes{0xfe, 0x80};
    for (std::size_t b = 8; b < 16; ++b) bytes[b] = static_cast<std::uint8_t>(rng());
    if (i % 2 == 0) bytes[0] = static_cast<std::uint8_t>(rng());
    const auto v6 = IpAddress::v6(bytes);
    EXPECT_EQ(pseudonyms.ip(v6), reference_ip(key, v6)) << v6.to_string();
  }
}

TEST(AddressPseudonyms, KeepsPrefixesAndForgettingChangesNothing) {
  AddressPseudonyms pseudonyms("key");
  const auto a = pseudonyms.ip(*IpAddress::parse("192.168.1.20"));
  const auto b = pseudonyms.ip(*IpAddress::parse("192.168.1.77"));
  const auto c = pseudonyms.ip(*IpAddress::parse("10.0.0.1"));
  EXPECT_EQ(a.bytes()[12], b.bytes()[12]);  // a /24 in common stays a /24 in common
  EXPECT_EQ(a.bytes()[13], b.bytes()[13]);
  EXPECT_EQ(a.bytes()[14], b.bytes()[14]);
  EXPECT_NE(a, b);
  const std::string mac = pseudonyms.mac("b8:f6:b1:16:11:6d");
  pseudonyms.forget_addresses();
  EXPECT_EQ(pseudonyms.ip(*IpAddress::parse("10.0.0.1")), c);
  EXPECT_EQ(pseudonyms.ip(*IpAddress::parse("192.168.1.20")), a);
  EXPECT_EQ(pseudonyms.mac("b8:f6:b1:16:11:6d"), mac);
  EXPECT_EQ(mac.substr(0, 8), "b8:f6:b1");  // the vendor's OUI is kept
  AddressPseudonyms again("key");
  EXPECT_EQ(again.ip(*IpAddress::parse("192.168.1.77")), b);
}

}  // namespace
}  // namespace iotscope
