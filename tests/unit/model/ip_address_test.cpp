#include "model/ip_address.hpp"

#include <gtest/gtest.h>

#include <compare>
#include <string>
#include <vector>

namespace iotscope {
namespace {

std::vector<IpAddress> sample_addresses() {
  std::vector<IpAddress> out{IpAddress{}};  // unset
  for (const char* text : {"0.0.0.0", "192.168.1.2", "192.168.1.3", "10.0.0.1",
                           "::", "::ffff:192.168.1.2", "fe80::1", "fe80::1:0:0:1", "2001:db8::1"}) {
    const auto address = IpAddress::parse(text);
    EXPECT_TRUE(address) << text;
    if (address) out.push_back(*address);
  }
  return out;
}

// Equality is written by hand (two words, no memcmp); it must agree with the ordering, which is
// the defaulted member-wise one.
TEST(IpAddress, EqualityAgreesWithTheOrdering) {
  const std::vector<IpAddress> addresses = sample_addresses();
  for (const IpAddress& a : addresses) {
    for (const IpAddress& b : addresses) {
      EXPECT_EQ(a == b, std::is_eq(a <=> b)) << a.to_string() << " " << b.to_string();
      EXPECT_EQ(a != b, !(a == b));
    }
  }
}

TEST(IpAddress, TellsApartWhatLooksAlike) {
  // The unset address and 0.0.0.0 / :: differ: only one was ever seen on the wire.
  EXPECT_NE(IpAddress{}, *IpAddress::parse("::"));
  EXPECT_NE(*IpAddress::parse("0.0.0.0"), *IpAddress::parse("::"));
  // IPv4 is kept v4-mapped: the two spellings are one address.
  EXPECT_EQ(*IpAddress::parse("192.168.1.2"), *IpAddress::parse("::ffff:192.168.1.2"));
  EXPECT_EQ(IpAddress::v4(0xC0A80102), *IpAddress::parse("192.168.1.2"));
  // Differences in either half of the 16 bytes count.
  EXPECT_NE(*IpAddress::parse("fe80::1"), *IpAddress::parse("fe80::1:0:0:1"));
  EXPECT_NE(*IpAddress::parse("fe80::1"), *IpAddress::parse("fe81::1"));
}

}  // namespace
}  // namespace iotscope
