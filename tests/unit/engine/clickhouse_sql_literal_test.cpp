#include <gtest/gtest.h>

#include <string>

#include "engine/clickhouse/sql_literal.hpp"

namespace iotscope::clickhouse {
namespace {

using namespace std::string_literals;

TEST(SqlLiteral, QuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(sql_string("Bob's cam"), R"('Bob\'s cam')");
  EXPECT_EQ(sql_string(R"(a\b)"), R"('a\\b')");
  EXPECT_EQ(sql_string(R"(x\')"), R"('x\\\'')");
  EXPECT_EQ(sql_string("'); DROP TABLE flows; --"), R"('\'); DROP TABLE flows; --')");
}

TEST(SqlLiteral, ControlBytesNulAndNonUtf8BecomeEscapes) {
  EXPECT_EQ(sql_string("a\nb\tc\rd"), R"('a\nb\tc\rd')");
  EXPECT_EQ(sql_string("nul\0here"s), R"('nul\x00here')");
  EXPECT_EQ(sql_string("\x7f\x01"), R"('\x7F\x01')");
  EXPECT_EQ(sql_string("caf\xc3\xa9 \xff\xfe"), R"('caf\xC3\xA9 \xFF\xFE')");
  EXPECT_EQ(sql_string(""), "''");
}

TEST(SqlLiteral, IdentifiersAreBackquoted) {
  EXPECT_EQ(sql_identifier("flows_local"), "`flows_local`");
  EXPECT_EQ(sql_identifier("we`ird\\"), R"(`we\`ird\\`)");
  EXPECT_EQ(sql_identifier("a'b"), "`a'b`");
}

TEST(SqlLiteral, TsvFieldsEscapeSeparatorsOnly) {
  std::string out;
  append_tsv_field(out, "a\tb\nc\\d\re\0f\xff'"s);
  EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re\\0f\xff'");
}

TEST(SqlLiteral, PlainNames) {
  EXPECT_TRUE(is_plain_name("iotscope"));
  EXPECT_TRUE(is_plain_name("_db2"));
  EXPECT_FALSE(is_plain_name("2db"));
  EXPECT_FALSE(is_plain_name(""));
  EXPECT_FALSE(is_plain_name("a-b"));
  EXPECT_FALSE(is_plain_name(std::string(65, 'a')));
}

}  // namespace
}  // namespace iotscope::clickhouse
