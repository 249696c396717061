#include "report/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace iotscope {
namespace {

TEST(JsonWriter, EscapesControlCharactersAndQuotes) {
  EXPECT_EQ(json_string("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
  EXPECT_EQ(json_string("caf\xC3\xA9"), "\"caf\xC3\xA9\"");  // valid UTF-8 kept
}

TEST(JsonWriter, PlainTextIsQuotedAfterWhatTheBufferHolds) {
  std::string out = "[";
  append_json_string(out, "plain text 123");
  append_json_string(out, "");
  append_json_string(out, "tail\"");
  EXPECT_EQ(out, R"(["plain text 123""""tail\"")");
}

TEST(JsonWriter, ReplacesInvalidUtf8) {
  EXPECT_EQ(json_string("a\xFF"
                        "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(json_string("\xC3"), "\"\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(json_string("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  EXPECT_EQ(nlohmann::json::parse(json_string("x\xC0\xAFy")).get<std::string>(),
            "x\xEF\xBF\xBD\xEF\xBF\xBDy");
}

TEST(JsonWriter, NestsWithCommasInTheRightPlaces) {
  std::ostringstream out;
  {
    JsonWriter writer(out);
    writer.begin_object();
    writer.field("a", std::uint64_t{1});
    writer.key("list");
    writer.begin_array();
    writer.integer(-2);
    writer.begin_object();
    writer.end_object();
    writer.begin_array();
    writer.end_array();
    writer.number(0.5);
    writer.end_array();
    writer.field("b", true);
    writer.key("n");
    writer.number(std::nan(""));
    writer.end_object();
  }
  EXPECT_EQ(out.str(), R"({"a":1,"list":[-2,{},[],0.5],"b":true,"n":null})");
}

TEST(JsonWriter, NumbersRoundTrip) {
  std::ostringstream out;
  {
    JsonWriter writer(out);
    writer.begin_array();
    writer.number(1700000000.123456);
    writer.number(0.1);
    writer.number(3.0);
    writer.unsigned_integer(18446744073709551615ULL);
    writer.end_array();
  }
  const auto parsed = nlohmann::json::parse(out.str());
  EXPECT_DOUBLE_EQ(parsed[0].get<double>(), 1700000000.123456);
  EXPECT_DOUBLE_EQ(parsed[1].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(parsed[2].get<double>(), 3.0);
  EXPECT_EQ(parsed[3].get<std::uint64_t>(), 18446744073709551615ULL);
}

TEST(JsonWriter, FlushesLargeOutputInPieces) {
  std::ostringstream out;
  {
    JsonWriter writer(out);
    writer.begin_array();
    for (int i = 0; i < 20000; ++i) {
      writer.begin_object();
      writer.field("i", std::int64_t{i});
      writer.end_object();
    }
    writer.end_array();
  }
  const auto parsed = nlohmann::json::parse(out.str());
  ASSERT_EQ(parsed.size(), 20000U);
  EXPECT_EQ(parsed[19999]["i"], 19999);
}

}  // namespace
}  // namespace iotscope
