#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sources/zeek/zeek_log_reader.hpp"

namespace iotscope {
namespace {

const std::string kConnHeader =
    "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\n";

struct Collected {
  std::vector<ZeekConn> rows;
  ZeekReadResult result;
};

Collected read_conn_text(const std::string& text) {
  Collected out;
  ZeekLogSink sink;
  sink.on_conn = [&](ZeekConn&& row) { out.rows.push_back(std::move(row)); };
  out.result = read_zeek_log_text(text, "bad/conn.log", sink);
  return out;
}

TEST(ZeekBadLines, ReportedWithLineAndColumnAndGoodRowsKept) {
  const std::string text = kConnHeader +                                        // lines 1-7
                           "1.5\tC1\t10.0.0.1\t1000\t8.8.8.8\t53\tudp\tSF\n"    // 8 good
                           "2.5\tC2\t10.0.0.1\t1001\t8.8.8.8\n"                 // 9 too few
                           "3.5\tC3\t10.0.0.1\tabc\t8.8.8.8\t53\tudp\tSF\n"     // 10 bad port
                           "4.5\tC4\t10.0.0.1\t1002\t8.8.8.8\t53\tudp\tXYZ\n"   // 11 bad state
                           "5.5\tC5\t10.0.0.300\t1003\t8.8.8.8\t53\tudp\tS0\n"  // 12 bad address
                           "now\tC6\t10.0.0.1\t1004\t8.8.8.8\t53\tudp\tS0\n"    // 13 bad time
                           "6.5\tC7\t10.0.0.1\t1005\t8.8.8.8\t53\tudp\tREJ\n";  // 14 good
  const auto got = read_conn_text(text);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[0].uid, "C1");
  EXPECT_EQ(got.rows[1].uid, "C7");
  EXPECT_EQ(got.result.report.records, 2u);
  EXPECT_EQ(got.result.report.skipped, 5u);
  const auto& issues = got.result.report.issues;
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].line, 9u);
  EXPECT_NE(issues[0].message.find("expected 8 tab-separated fields"), std::string::npos)
      << issues[0].message;
  EXPECT_NE(issues[0].message.find("found 5"), std::string::npos);
  EXPECT_EQ(issues[1].to_string(),
            "bad/conn.log:10:4: field id.orig_p: expected a port number 0-65535, found \"abc\"; "
            "line skipped");
  EXPECT_EQ(issues[2].line, 11u);
  EXPECT_NE(issues[2].message.find("conn_state \"XYZ\": expected one of Zeek's states"),
            std::string::npos)
      << issues[2].message;
  EXPECT_EQ(issues[3].line, 12u);
  EXPECT_EQ(issues[3].column, 3u);
  EXPECT_NE(issues[3].message.find("IPv4 or IPv6 address"), std::string::npos);
  EXPECT_EQ(issues[4].line, 13u);
  EXPECT_EQ(issues[4].column, 1u);
}

TEST(ZeekBadLines, JsonSyntaxAndTypeErrors) {
  const std::string text =
      "{\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"conn_state\":\"SF\"}"
      "\n"
      "{\"ts\":2.0,\"uid\":\"C2\",\n"
      "{\"ts\":3.0,\"uid\":\"C3\",\"id.orig_p\":\"x\",\"conn_state\":\"SF\"}\n"
      "{\"ts\":4.0,\"uid\":\"C4\",\"local_orig\":\"yes\",\"conn_state\":\"SF\"}\n"
      "{\"ts\":\"2024-01-01T00:00:00Z\",\"uid\":\"C5\",\"conn_state\":\"S0\"}\n";
  const auto got = read_conn_text(text);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[0].uid, "C1");
  EXPECT_EQ(got.rows[1].uid, "C5");
  EXPECT_DOUBLE_EQ(got.rows[1].ts.value(), 1704067200.0);
  const auto& issues = got.result.report.issues;
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].line, 2u);
  EXPECT_NE(issues[0].message.find("expected one JSON object per line"), std::string::npos);
  EXPECT_EQ(issues[1].line, 3u);
  EXPECT_EQ(issues[1].column, 3u);
  EXPECT_NE(issues[1].message.find("key \"id.orig_p\": expected a port"), std::string::npos)
      << issues[1].message;
  EXPECT_EQ(issues[2].line, 4u);
  EXPECT_NE(issues[2].message.find("expected a bool"), std::string::npos);
}

TEST(ZeekBadLines, DataBeforeHeaderAndOtherLogs) {
  ZeekLogSink sink;
  const auto dns = read_zeek_log_text(
      "#separator \\x09\n#path\tdns\n#fields\tts\tquery\n1.0\texample.com\n2.0\tb.com\n", "dns.log",
      sink);
  EXPECT_EQ(dns.report.records, 0u);
  EXPECT_EQ(dns.report.skipped, 2u);
  ASSERT_EQ(dns.report.issues.size(), 1u);
  EXPECT_NE(dns.report.issues[0].message.find("this is Zeek's dns.log"), std::string::npos);

  const auto unknown = read_zeek_log_text("a\tb\n1\t2\n", "mystery.txt", sink);
  EXPECT_EQ(unknown.report.records, 0u);
  ASSERT_EQ(unknown.report.issues.size(), 1u);
  EXPECT_NE(unknown.report.issues[0].message.find("cannot tell conn.log from ssl.log"),
            std::string::npos);

  const auto missing = read_zeek_log_file("/nonexistent/conn.log", sink);
  EXPECT_EQ(missing.report.format, "unreadable");
  ASSERT_EQ(missing.report.issues.size(), 1u);
  EXPECT_NE(missing.report.issues[0].to_string().find("cannot open"), std::string::npos);
}

TEST(ZeekBadLines, IssueListIsBoundedButEveryLineCounted) {
  std::string text = kConnHeader;
  for (int i = 0; i < 100; ++i) text += "x\n";
  text += "1.0\tC1\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\tS0\n";
  ZeekLogSink sink;
  int rows = 0;
  sink.on_conn = [&](ZeekConn&&) { ++rows; };
  ZeekReadOptions options;
  options.max_issues = 5;
  const auto result = read_zeek_log_text(text, "many.log", sink, options);
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(result.report.skipped, 100u);
  EXPECT_EQ(result.report.issues.size(), 5u);
}

TEST(ZeekBadLines, BadSeparatorDirective) {
  ZeekLogSink sink;
  const auto result = read_zeek_log_text("#separator xyz\n#path\tconn\n", "sep.log", sink);
  ASSERT_FALSE(result.report.issues.empty());
  EXPECT_EQ(result.report.issues[0].line, 1u);
  EXPECT_NE(result.report.issues[0].message.find("#separator: expected one byte"),
            std::string::npos);
}

}  // namespace
}  // namespace iotscope
