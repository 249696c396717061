#include "identify/csv_record_reader.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

std::vector<CsvRecord> read_all(std::string_view text) {
  CsvRecordReader reader(text);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record)) records.push_back(record);
  return records;
}

TEST(CsvRecordReader, ReadsQuotedCommasDoubledQuotesAndLineBreaks) {
  const auto records = read_all(
      "a,\"Cisco Systems, Inc\",c\r\n"
      "\"JSC \"\"MASSA-K\"\"\",\"two\nlines\",x\r\n"
      "last,row,\"\"");
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "Cisco Systems, Inc", "c"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"JSC \"MASSA-K\"", "two\nlines", "x"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"last", "row", ""}));
  EXPECT_EQ(records[0].line, 1U);
  EXPECT_EQ(records[1].line, 2U);
  EXPECT_EQ(records[2].line, 4U);  // the quoted line break moved it down one line
  for (const auto& record : records) EXPECT_TRUE(record.error.empty());
}

TEST(CsvRecordReader, ReportsJunkAfterAClosingQuoteAndGoesOn) {
  const auto records = read_all("\"ok\"x,b\nc,d\n");
  ASSERT_EQ(records.size(), 2U);
  EXPECT_NE(records[0].error.find("line 1"), std::string::npos) << records[0].error;
  EXPECT_TRUE(records[1].error.empty());
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"c", "d"}));
}

TEST(CsvRecordReader, ReportsAnUnclosedQuote) {
  const auto records = read_all("a,b\nc,\"never closed\nmore\n");
  ASSERT_EQ(records.size(), 2U);
  EXPECT_TRUE(records[0].error.empty());
  EXPECT_NE(records[1].error.find("opened on line 2 is never closed"), std::string::npos)
      << records[1].error;
}

TEST(CsvRecordReader, KeepsAStrayQuoteInsideAnUnquotedField) {
  const auto records = read_all("Foo \"Bar\" Inc,x\n");
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].fields[0], "Foo \"Bar\" Inc");
}

}  // namespace
}  // namespace iotscope
