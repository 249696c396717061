#include "report/text_scrubber.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

class Scrubber : public ::testing::Test {
 protected:
  std::string scrub(std::string_view text) const { return scrub_addresses(text, anonymizer_); }
  std::string addr(std::string_view ip) const { return anonymizer_.address(*IpAddress::parse(ip)); }
  const Anonymizer anonymizer_{"secret"};
};

TEST_F(Scrubber, ReplacesIpv4Ipv6AndMacAddresses) {
  EXPECT_EQ(scrub("from 192.168.1.5 to 10.0.0.1"),
            "from " + addr("192.168.1.5") + " to " + addr("10.0.0.1"));
  EXPECT_EQ(scrub("peer fe80::1 seen"), "peer " + addr("fe80::1") + " seen");
  EXPECT_EQ(scrub("[2001:db8::7]:443"), "[" + addr("2001:db8::7") + "]:443");
  EXPECT_EQ(scrub("mac AA:BB:CC:DD:EE:FF"), "mac " + anonymizer_.mac("aa:bb:cc:dd:ee:ff"));
  EXPECT_EQ(scrub("mac aa-bb-cc-dd-ee-ff."), "mac " + anonymizer_.mac("aa:bb:cc:dd:ee:ff") + ".");
}

TEST_F(Scrubber, HandlesPortsPunctuationAndRanges) {
  EXPECT_EQ(scrub("192.168.1.5:8080"), addr("192.168.1.5") + ":8080");
  EXPECT_EQ(scrub("ended at 10.0.0.9."), "ended at " + addr("10.0.0.9") + ".");
  EXPECT_EQ(scrub("10.0.0.1-10.0.0.9"), addr("10.0.0.1") + "-" + addr("10.0.0.9"));
  EXPECT_EQ(scrub("'192.168.1.99'"), "'" + addr("192.168.1.99") + "'");
}

TEST_F(Scrubber, LeavesOrdinaryTextAlone) {
  for (const std::string text :
       {"port 80/tcp", "TLSv1.2", "version 1.2.3", "at 12:30:45", "2024-01-05", "cafe", "dead:beef",
        "ESP_a1b2c3", "flows.csv:17:3: bad value", "score 0.75", "1700000000.5", ""}) {
    EXPECT_EQ(scrub(text), text);
  }
}

}  // namespace
}  // namespace iotscope
