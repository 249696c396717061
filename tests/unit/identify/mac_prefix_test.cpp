#include "identify/mac_prefix.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

TEST(ParseOuiPrefix, AcceptsEverySpellingOfTheSamePrefix) {
  for (const char* text : {"A4CF12", "a4cf12", "a4:cf:12", "A4-CF-12", "a4:cf:12:34:56:78",
                           "A4-CF-12-34-56-78", "a4cf12345678", " a4:cf:12 "}) {
    const auto prefix = parse_oui_prefix(text);
    ASSERT_TRUE(prefix.has_value()) << text;
    EXPECT_EQ(*prefix, 0xA4CF12U) << text;
  }
}

TEST(ParseOuiPrefix, RejectsMalformedInput) {
  for (const char* text : {"", "A4CF1", "A4CF123", "G4CF12", "a4:cf-12", "a4:cf:12:34",
                           "a4:cf:12:34:56", "a4:cf:12:34:56:78:9a", "a4::cf:12", "a4cf.1234.5678",
                           "4:cf:12", "a4 cf 12", "a4:cf:12:34:56:7g", "hello!"}) {
    EXPECT_FALSE(parse_oui_prefix(text).has_value()) << text;
  }
}

TEST(FormatOui, WritesSixUpperCaseHexDigits) {
  EXPECT_EQ(format_oui(0xA4CF12U), "A4CF12");
  EXPECT_EQ(format_oui(0x001788U), "001788");
}

}  // namespace
}  // namespace iotscope
