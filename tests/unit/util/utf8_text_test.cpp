#include "util/utf8_text.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

TEST(Utf8Text, MeasuresEachValidSequence) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);          // é
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC", 0), 3u);      // €
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x93\xB7", 0), 4u);  // camera emoji
}

TEST(Utf8Text, RefusesOverlongSurrogateTooLargeAndCutSequences) {
  EXPECT_EQ(utf8_sequence_length("\xC0\x80", 0), 0u);          // overlong NUL
  EXPECT_EQ(utf8_sequence_length("\xE0\x80\x80", 0), 0u);      // overlong 3-byte
  EXPECT_EQ(utf8_sequence_length("\xED\xA0\x80", 0), 0u);      // surrogate U+D800
  EXPECT_EQ(utf8_sequence_length("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(utf8_sequence_length("\xE2\x82", 0), 0u);          // cut short
  EXPECT_EQ(utf8_sequence_length("\x80", 0), 0u);              // lone continuation
}

TEST(Utf8Text, KeepsValidPartsAndReplacesEachInvalidByte) {
  EXPECT_TRUE(is_valid_utf8("Caf\xC3\xA9 Hue"));
  EXPECT_FALSE(is_valid_utf8("Caf\xE9 Hue"));  // Latin-1
  EXPECT_EQ(valid_utf8("Caf\xE9 Hue"), "Caf\xEF\xBF\xBD Hue");
  EXPECT_EQ(valid_utf8("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xC3\xA9\xC3"), "\xC3\xA9\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8(""), "");
}

}  // namespace
}  // namespace iotscope
