#include "util/byte_set.hpp"

#include <gtest/gtest.h>

#include <string>

namespace iotscope {
namespace {

TEST(ByteSet, FindsTheFirstMemberFromAPosition) {
  constexpr ByteSet kSpecial(",\"\n");
  EXPECT_EQ(kSpecial.find_in("plain text"), std::string_view::npos);
  EXPECT_EQ(kSpecial.find_in("a,b\"c"), 1U);
  EXPECT_EQ(kSpecial.find_in("a,b\"c", 2), 3U);
  EXPECT_EQ(kSpecial.find_in("a,b", 3), std::string_view::npos);
  EXPECT_EQ(kSpecial.find_in(""), std::string_view::npos);
}

TEST(ByteSet, RangesIncludeBothEndsAndEveryByteBetween) {
  constexpr ByteSet kHigh = ByteSet("").with_range(0x80, 0xFF);
  for (unsigned byte = 0; byte < 256; ++byte) {
    EXPECT_EQ(kHigh.contains(static_cast<char>(byte)), byte >= 0x80) << byte;
  }
  constexpr ByteSet kControls = ByteSet("\\").with_range(0x00, 0x1F);
  EXPECT_TRUE(kControls.contains('\0'));
  EXPECT_TRUE(kControls.contains('\x1F'));
  EXPECT_TRUE(kControls.contains('\\'));
  EXPECT_FALSE(kControls.contains(' '));
  const std::string with_nul("ab\0c", 4);
  EXPECT_EQ(kControls.find_in(with_nul), 2U);
}

}  // namespace
}  // namespace iotscope
