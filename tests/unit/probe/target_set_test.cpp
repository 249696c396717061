#include "probe/target_set.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "probe_test_addresses.hpp"

namespace iotscope {
namespace {

using probe_test::ip;

std::string target_error(const char* spec, bool allow_public = false) {
  try {
    TargetSet::parse(spec, allow_public);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(TargetSet, SingleAddressesOfBothFamilies) {
  const TargetSet set = TargetSet::parse("192.168.1.5, fd00::7,127.0.0.1", false);
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.contains(ip("192.168.1.5")));
  EXPECT_TRUE(set.contains(ip("fd00::7")));
  EXPECT_TRUE(set.contains(ip("127.0.0.1")));
  EXPECT_FALSE(set.contains(ip("192.168.1.6")));
  EXPECT_EQ(set.describe(), "192.168.1.5, fd00::7, 127.0.0.1 (3 addresses)");
}

TEST(TargetSet, Ipv4CidrSkipsNetworkAndBroadcast) {
  const TargetSet set = TargetSet::parse("192.168.1.0/24", false);
  EXPECT_EQ(set.size(), 254u);
  EXPECT_EQ(set.addresses().front(), ip("192.168.1.1"));
  EXPECT_EQ(set.addresses().back(), ip("192.168.1.254"));
  EXPECT_FALSE(set.contains(ip("192.168.1.0")));
  EXPECT_FALSE(set.contains(ip("192.168.1.255")));
  // A host address with a prefix names its network.
  EXPECT_EQ(TargetSet::parse("10.1.2.77/30", false).addresses(),
            (std::vector<IpAddress>{ip("10.1.2.77"), ip("10.1.2.78")}));
  EXPECT_EQ(TargetSet::parse("10.1.2.77/31", false).size(), 2u);
  EXPECT_EQ(TargetSet::parse("10.1.2.77/32", false).addresses().front(), ip("10.1.2.77"));
}

TEST(TargetSet, Ipv6CidrKeepsEveryAddress) {
  const TargetSet set = TargetSet::parse("fd00::/120", false);
  EXPECT_EQ(set.size(), 256u);
  EXPECT_TRUE(set.contains(ip("fd00::")));
  EXPECT_TRUE(set.contains(ip("fd00::ff")));
  EXPECT_FALSE(set.contains(ip("fd00::100")));
}

TEST(TargetSet, DashRanges) {
  const TargetSet shorthand = TargetSet::parse("192.168.1.10-20", false);
  EXPECT_EQ(shorthand.size(), 11u);
  EXPECT_EQ(shorthand.addresses().back(), ip("192.168.1.20"));
  const TargetSet full = TargetSet::parse("192.168.1.250-192.168.2.4", false);
  EXPECT_EQ(full.size(), 11u);
  EXPECT_TRUE(full.contains(ip("192.168.2.0")));  // a range names every address in it
  EXPECT_EQ(TargetSet::parse("fe80::1-fe80::10", false).size(), 16u);
}

TEST(TargetSet, OverlappingItemsCountOnce) {
  EXPECT_EQ(TargetSet::parse("10.0.0.1-10,10.0.0.5,10.0.0.8-12", false).size(), 12u);
}

TEST(TargetSet, RejectsMalformedItemsByName) {
  EXPECT_NE(target_error("192.168.1.300").find("'192.168.1.300'"), std::string::npos);
  EXPECT_NE(target_error("10.0.0.1,printer").find("expected an IPv4 or IPv6 address"),
            std::string::npos);
  EXPECT_NE(target_error("10.0.0.0/33").find("prefix length 0-32"), std::string::npos);
  EXPECT_NE(target_error("10.0.0.0/x").find("'10.0.0.0/x'"), std::string::npos);
  EXPECT_NE(target_error("10.0.0.9-3").find("not below its start"), std::string::npos);
  EXPECT_NE(target_error("10.0.0.1-300").find("last octet 0-255"), std::string::npos);
  EXPECT_NE(target_error("10.0.0.1-fd00::1").find("same address family"), std::string::npos);
  EXPECT_NE(target_error("").find("no targets"), std::string::npos);
  EXPECT_NE(target_error(" , ").find("no targets"), std::string::npos);
}

TEST(TargetSet, RefusesPublicAddressesUnlessAllowed) {
  const std::string message = target_error("192.168.1.1,8.8.8.8");
  EXPECT_NE(message.find("'8.8.8.8'"), std::string::npos) << message;
  EXPECT_NE(message.find("--allow-public"), std::string::npos) << message;
  // A range that only leaves private space at its end is refused too.
  EXPECT_NE(target_error("172.31.255.250-172.32.0.2").find("172.32.0.0"), std::string::npos);
  EXPECT_NE(target_error("2001:db8::1").find("--allow-public"), std::string::npos);
  const TargetSet allowed = TargetSet::parse("8.8.8.8", true);
  EXPECT_TRUE(allowed.contains(ip("8.8.8.8")));
}

TEST(TargetSet, RefusesMulticastAndBroadcastEvenWhenPublicIsAllowed) {
  EXPECT_NE(target_error("239.255.255.250", true).find("multicast or broadcast"),
            std::string::npos);
  EXPECT_NE(target_error("ff02::fb", true).find("multicast"), std::string::npos);
  EXPECT_NE(target_error("255.255.255.255", true).find("broadcast"), std::string::npos);
}

TEST(TargetSet, RefusesAbsurdSizes) {
  EXPECT_EQ(TargetSet::parse("10.0.0.0/16", false).size(), 65534u);
  EXPECT_NE(target_error("10.0.0.0/15").find("more than 65536 addresses"), std::string::npos);
  EXPECT_NE(target_error("fd00::/64").find("more than 65536 addresses"), std::string::npos);
  EXPECT_NE(target_error("fd00::/0").find("more than 65536"), std::string::npos);
  EXPECT_NE(target_error("fd00::1-fd00::1:1").find("more than 65536"), std::string::npos);
  EXPECT_EQ(TargetSet::parse("fd00::/112", false).size(), 65536u);
  EXPECT_EQ(TargetSet::parse("fd00::1-fd00::1:0", false).size(), 65536u);
  // Items that are small alone but too many together.
  EXPECT_NE(target_error("10.0.0.0/16,10.1.0.0/24").find("above 65536"), std::string::npos);
}

}  // namespace
}  // namespace iotscope
