#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/zeek/zeek_conn_writer.hpp"
#include "sources/zeek/zeek_log_reader.hpp"
#include "test_text_files.hpp"

namespace iotscope {
namespace {

using testing::kZeekData;

std::vector<ZeekConn> read_back(const std::string& text) {
  std::vector<ZeekConn> rows;
  ZeekLogSink sink;
  sink.on_conn = [&](ZeekConn&& row) { rows.push_back(std::move(row)); };
  const auto result = read_zeek_log_text(text, "written.log", sink);
  EXPECT_EQ(result.report.skipped, 0u);
  EXPECT_TRUE(result.report.issues.empty())
      << (result.report.issues.empty() ? "" : result.report.issues[0].to_string());
  return rows;
}

using testing::lines_of;

ZeekConnWriterOptions fixed_time(ZeekWriteFormat format = ZeekWriteFormat::tsv) {
  ZeekConnWriterOptions options;
  options.format = format;
  options.open_time = 1700000000.0;  // 2023-11-14 22:13:20 UTC
  return options;
}

// Writes the rows, reads them back and writes those again: the two texts must be the same.
// Returns the first text and the rows read back from it.
std::pair<std::string, std::vector<ZeekConn>> write_read_write(const std::vector<ZeekConn>& rows) {
  std::ostringstream first;
  write_zeek_conn_log(first, rows, fixed_time());
  auto again = read_back(first.str());
  std::ostringstream second;
  write_zeek_conn_log(second, again, fixed_time());
  EXPECT_EQ(second.str(), first.str());
  return {first.str(), std::move(again)};
}

TEST(ZeekConnWriter, HeaderBlockIsZeeks) {
  std::ostringstream out;
  ZeekConnWriterOptions options = fixed_time();
  options.extra_columns = {{"iotscope_app", "string"}};
  ZeekConnWriter writer(out, options);
  writer.close();
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "#separator \\x09");
  EXPECT_EQ(lines[1], "#set_separator\t,");
  EXPECT_EQ(lines[2], "#empty_field\t(empty)");
  EXPECT_EQ(lines[3], "#unset_field\t-");
  EXPECT_EQ(lines[4], "#path\tconn");
  EXPECT_EQ(lines[5], "#open\t2023-11-14-22-13-20");
  EXPECT_EQ(lines[6],
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\t"
            "duration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\t"
            "history\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\t"
            "ip_proto\torig_l2_addr\tresp_l2_addr\tiotscope_app");
  EXPECT_EQ(lines[7],
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\t"
            "string\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount\t"
            "string\tstring\tstring");
  EXPECT_EQ(lines[8], "#close\t2023-11-14-22-13-20");
}

TEST(ZeekConnWriter, ValuesAreSpelledAsZeekDoes) {
  ZeekConn row;
  row.ts = 1700000000.5;
  row.uid = "CA\\b\tc";  // escapes amid plain text
  row.orig_h = *IpAddress::parse("192.168.1.20");
  row.orig_p = 49152;
  row.resp_h = *IpAddress::parse("2001:db8::1");
  row.resp_p = 443;
  row.proto = "tcp";
  row.service = "";  // set but empty
  row.duration = 2.25;
  row.orig_bytes = 10;
  row.conn_state = "SF";
  row.local_orig = true;
  row.local_resp = false;
  row.history = "-";  // text that equals the unset marker is escaped
  row.tunnel_parents = std::vector<std::string>{"C1", "C,2"};
  row.extra = {{"iotscope_app", "string", "mqtt"}};
  std::ostringstream out;
  ZeekConnWriterOptions options = fixed_time();
  options.l2_addresses = false;
  options.extra_columns = {{"iotscope_app", "string"}};
  ZeekConnWriter writer(out, options);
  writer.write(row);
  writer.close();
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 10u);
  EXPECT_EQ(
      lines[8],
      "1700000000.500000\tCA\\x5cb\\x09c\t192.168.1.20\t49152\t2001:db8::1\t443\ttcp\t(empty)\t"
      "2.250000\t10\t-\tSF\tT\tF\t-\t\\x2d\t-\t-\t-\t-\tC1,C\\x2c2\t-\tmqtt");
  const auto back = read_back(out.str());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0], row);
}

// Extra values given apart from the row are written as the same values in row.extra would be:
// escaped in TSV, JSON strings in JSON, empty ones unset (and left out of JSON).
TEST(ZeekConnWriter, ExtraValuesGivenApartAreWrittenAsRowExtras) {
  ZeekConn row;
  row.ts = 1700000000.25;
  row.uid = "Cx";
  row.proto = "udp";
  const std::vector<ZeekExtraColumn> columns{
      {"tls_version", "string"}, {"server_name", "string"}, {"app_how_known", "string"}};
  const std::vector<std::string_view> values{"TLSv1.3", "a\tb\\c", ""};
  ZeekConn with_extras = row;
  with_extras.extra = {{"tls_version", "string", "TLSv1.3"},
                       {"server_name", "string", "a\\x09b\\x5cc"},
                       {"app_how_known", "string", std::nullopt}};
  for (const auto format : {ZeekWriteFormat::tsv, ZeekWriteFormat::json}) {
    ZeekConnWriterOptions options = fixed_time(format);
    options.extra_columns = columns;
    std::ostringstream apart;
    std::ostringstream in_row;
    ZeekConnWriter apart_writer(apart, options);
    ZeekConnWriter in_row_writer(in_row, options);
    apart_writer.write(row, values);
    in_row_writer.write(with_extras);
    EXPECT_EQ(apart.str(), in_row.str());
  }
  std::ostringstream tsv;
  ZeekConnWriterOptions options = fixed_time();
  options.extra_columns = columns;
  ZeekConnWriter writer(tsv, options);
  writer.write(row, values);
  EXPECT_TRUE(tsv.str().ends_with("\tTLSv1.3\ta\\x09b\\x5cc\t-\n")) << tsv.str();
  const auto back = read_back(tsv.str());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].extra, with_extras.extra);
}

TEST(ZeekConnWriter, RoundTripOfRealZeekLogs) {
  const std::string baselines = kZeekData + "baselines/";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(baselines)) {
    if (entry.path().filename() != "conn.log") continue;
    const auto original = read_zeek_conn_log(entry.path().string());
    ASSERT_FALSE(original.rows.empty()) << entry.path();
    std::ostringstream out;
    write_zeek_conn_log(out, original.rows, fixed_time());
    EXPECT_EQ(read_back(out.str()), original.rows) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 24);
  // Real times (not btest-masked) survive too.
  const auto home = read_zeek_conn_log(kZeekData + "home/conn.log");
  std::ostringstream out;
  write_zeek_conn_log(out, home.rows, fixed_time());
  EXPECT_EQ(read_back(out.str()), home.rows);
  EXPECT_NE(out.str().find("\n1700000000.123456\tCamTls1aaaaaaaaaa\t"), std::string::npos);
}

TEST(ZeekConnWriter, JsonLinesUseZeeksNamesAndRoundTrip) {
  const auto teredo = read_zeek_conn_log(kZeekData + "json/conn.log");
  ASSERT_EQ(teredo.rows.size(), 21u);
  std::ostringstream out;
  write_zeek_conn_log(out, teredo.rows, fixed_time(ZeekWriteFormat::json));
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 21u);
  EXPECT_EQ(
      lines[0],
      "{\"ts\":1300475167.500000,\"uid\":\"ClEkJM2Vm5giqnMf4h\",\"id.orig_h\":\"192.168.2.16\","
      "\"id.orig_p\":1576,\"id.resp_h\":\"75.126.130.163\",\"id.resp_p\":80,\"proto\":\"tcp\","
      "\"duration\":0.000357,\"orig_bytes\":0,\"resp_bytes\":0,\"conn_state\":\"SHR\","
      "\"local_orig\":true,\"local_resp\":false,\"missed_bytes\":0,\"history\":\"^fA\","
      "\"orig_pkts\":1,\"orig_ip_bytes\":40,\"resp_pkts\":1,\"resp_ip_bytes\":40,"
      "\"ip_proto\":6}");
  EXPECT_NE(lines[17].find("\"tunnel_parents\":[\"Ck51lg1bScffFj34Ri\",\"CtPZjS20MLrsMUOJi2\"]"),
            std::string::npos);
  EXPECT_EQ(read_back(out.str()), teredo.rows);
}

TEST(ZeekConnWriter, TypedExtrasInJson) {
  const auto vlan = read_zeek_conn_log(
      kZeekData + "baselines/q-in-q/scripts.policy.protocols.conn.vlan-logging/conn.log");
  std::ostringstream out;
  write_zeek_conn_log(out, vlan.rows, fixed_time(ZeekWriteFormat::json));
  EXPECT_NE(out.str().find("\"vlan\":13,\"inner_vlan\":10}"), std::string::npos) << out.str();
}

// Found by the fuzzer: with another #separator a cell may hold raw tabs; kept verbatim in an
// extra column they broke the written line.
TEST(ZeekConnWriter, ExtraCellsWithRawTabsStayOneColumn) {
  const std::string text =
      "#separator \\x04\n#path\x04"
      "conn\n#fields\x04uid\x04note\nC1\x04"
      "a\tb\n";
  const auto rows = read_back(text);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].extra.size(), 1u);
  EXPECT_EQ(rows[0].extra[0].value, "a\\x09b");
  const auto [first, again] = write_read_write(rows);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].extra[0].value, rows[0].extra[0].value);
}

// Found by the fuzzer: a #types line longer than #fields put a lone CR as the type of an extra
// column; written last on the #types line, it read back as the line's CRLF ending (an empty type,
// then written as "string"), so the second write differed from the first.
TEST(ZeekConnWriter, ExtraTypesWithControlBytesReadBackAsWritten) {
  const std::string text =
      "#separator \\x09\n#path\tconn\n#fields\tuid\tnote\n#types\tstring\t\r\tstring\n"
      "C1\ta\n";
  const auto rows = read_back(text);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].extra.size(), 1u);
  EXPECT_EQ(rows[0].extra[0].type, "\r");
  const auto [first, again] = write_read_write(rows);
  const auto header = lines_of(first);
  ASSERT_GE(header.size(), 8u);
  EXPECT_TRUE(header[7].ends_with("\t\\x0d")) << header[7];
  ASSERT_EQ(again.size(), 1u);
  ASSERT_EQ(again[0].extra.size(), 1u);
  EXPECT_EQ(again[0].extra[0].type, "\\x0d");
}

}  // namespace
}  // namespace iotscope
