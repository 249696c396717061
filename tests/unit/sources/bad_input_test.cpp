#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "dataset_test_support.hpp"

namespace iotscope::testing {
namespace {

const std::string kFlowsHeader =
    "user_key,device_id,device_port,remote_ip,remote_port,protocol,syn_originator,"
    "remote_hostname,remote_reg_domain,remote_ip_country,in_byte_count,out_byte_count,"
    "total_byte_count,in_pkt_count,out_pkt_count,ts,ts_min,ts_mod60,ts_mod600\n";

std::string good_row(int i, const std::string& hostname = "") {
  return fmt::format(
      "HOMEAAAAAAAAAAA1,s0000000001,{},52.1.2.3,443,tcp,local,{},,,10,20,30,1,1,{},"
      "0,0,0\n",
      50000 + i, hostname, 1000 + i);
}

TEST(BadInput, EveryBadRowIsSkippedWithFileLineColumnAndWhatWasExpected) {
  const std::string path = kFixtures + "bad/flows_bad_rows.csv";
  const auto result = read_dataset({path});
  const InputReport& report = result.contents.inputs[0];
  EXPECT_EQ(report.format, "iotinspector-v1-flows/csv");
  EXPECT_EQ(report.records, 2U);
  EXPECT_EQ(report.skipped, 9U);
  const std::vector<std::string> expected = {
      path + ":3:5: remote_port \"abc\" is not a port number (expected an integer 0-65535)",
      path + ":4:3: device_port is empty (expected an integer 0-65535)",
      path + ":5:6: protocol \"icmp\" is not supported (expected tcp or udp)",
      path + ":6:4: remote_ip \"52.1.2.999\" is not an IP address (expected IPv4 or IPv6 text)",
      path +
          ":7:16: ts \"yesterday\" is not a time (expected Unix seconds or an ISO 8601 UTC "
          "time)",
      path + ":8: record has 6 fields but the header has 19",
      path +
          ":9:7: syn_originator \"sideways\" is not an originator (expected local, remote or "
          "empty)",
      path + ":10:11: in_byte_count \"-5\" is not a count (expected a non-negative integer)",
      path + ":11:3: device_port \"70000\" is not a port number (expected an integer 0-65535)",
      path +
          ": 1 devices appear in flows but in no devices table (first: home "
          "HOMEAAAAAAAAAAA1, device s0000000001); they get records without labels",
  };
  EXPECT_EQ(issue_texts(report), expected);
  // The byte offset points at the offending field.
  const std::string text = read_file_text(path);
  EXPECT_EQ(report.issues[0].byte_offset, text.find(",abc,") + 1);
  EXPECT_EQ(text.substr(report.issues[0].byte_offset, 3), "abc");
  // The two good rows (line 2 and line 13, which quotes a comma) form one flow.
  ASSERT_EQ(result.flows.size(), 1U);
  EXPECT_EQ(result.flows[0].windows, 2U);
  EXPECT_EQ(result.flows[0].remote_hostname, "quoted, with comma");
}

TEST(BadInput, OnlyTheFirstIssuesAreKeptTheRestCounted) {
  const std::string path = kFixtures + "bad/flows_bad_rows.csv";
  const auto result = read_dataset({path}, 1, 0, 60, 3);
  const auto texts = issue_texts(result.contents.inputs[0]);
  ASSERT_EQ(texts.size(), 5U);
  EXPECT_EQ(texts[2], path + ":5:6: protocol \"icmp\" is not supported (expected tcp or udp)");
  EXPECT_EQ(texts[3], path + ": 6 more issues not shown");
  EXPECT_EQ(result.contents.inputs[0].skipped, 9U);
}

TEST(BadInput, TruncatedGzipKeepsEveryCompleteRow) {
  const std::string path = kFixtures + "bad/truncated.csv.gz";
  const auto result = read_dataset({path});
  const InputReport& report = result.contents.inputs[0];
  EXPECT_EQ(report.format, "iotinspector-v1-flows/csv+gzip");
  EXPECT_EQ(report.records, 93U);  // the complete lines gzip -dc recovers, minus the header
  EXPECT_EQ(report.skipped, 1U);   // the cut last line
  EXPECT_EQ(result.flows.size(), 93U);
  ASSERT_FALSE(report.issues.empty());
  EXPECT_EQ(report.issues.front().to_string(),
            path +
                ":95: compressed stream ends early at byte 1000; the incomplete last line "
                "was dropped");
}

TEST(BadInput, TruncatedZstdKeepsEveryCompleteRow) {
  const std::string path = kFixtures + "bad/truncated.csv.zst";
  // Small chunks: the cut is met while several chunks are in flight.
  const auto result = read_dataset({path}, 2, 512);
  const InputReport& report = result.contents.inputs[0];
  EXPECT_EQ(report.format, "iotinspector-v1-flows/csv+zstd");
  EXPECT_EQ(report.records, 99U);  // complete lines in the two complete frames
  EXPECT_EQ(result.flows.size(), 99U);
  ASSERT_FALSE(report.issues.empty());
  EXPECT_EQ(report.issues.front().to_string(),
            path +
                ":101: compressed stream ends early at byte 1053; the incomplete last line "
                "was dropped");
}

TEST(BadInput, BinaryGarbageIsUnrecognised) {
  const std::string path = kFixtures + "bad/garbage.bin";
  const auto result = read_dataset({path});
  const InputReport& report = result.contents.inputs[0];
  EXPECT_EQ(report.format, "unrecognised");
  EXPECT_EQ(issue_texts(report),
            std::vector<std::string>{path + ": binary data, not CSV, TSV or JSON Lines text"});
  EXPECT_TRUE(result.flows.empty());
}

TEST(BadInput, MissingRequiredColumnsAreListed) {
  const std::string path = kFixtures + "bad/missing_columns.csv";
  const auto result = read_dataset({path});
  EXPECT_EQ(result.contents.inputs[0].format, "unrecognised");
  EXPECT_EQ(issue_texts(result.contents.inputs[0]),
            std::vector<std::string>{path + ": looks like an iotinspector-v1-flows table but lacks "
                                            "required columns: protocol, ts (read as csv)"});
}

TEST(BadInput, UnreadableFilesNameTheOsError) {
  const std::string missing = kFixtures + "bad/no-such-file.csv";
  const std::string directory = kFixtures + "bad";
  const auto result = read_dataset({missing, directory});
  EXPECT_EQ(result.contents.inputs[0].format, "unreadable");
  EXPECT_EQ(issue_texts(result.contents.inputs[0]),
            std::vector<std::string>{missing + ": cannot open: No such file or directory"});
  EXPECT_EQ(result.contents.inputs[1].format, "unreadable");
  EXPECT_EQ(issue_texts(result.contents.inputs[1]),
            std::vector<std::string>{directory + ": cannot open: Is a directory"});
  TempDir dir("empty");
  const auto empty = dir.file("empty.csv", "");
  const auto read_empty = read_dataset({empty});
  EXPECT_EQ(read_empty.contents.inputs[0].format, "unrecognised");
  EXPECT_EQ(read_empty.contents.inputs[0].issues[0].message,
            "the file holds no data (expected a header line or a JSON object)");
}

TEST(BadInput, HugeLinesAreSkippedPlainAndCompressed) {
  TempDir dir("huge");
  const std::string text =
      kFlowsHeader + good_row(0) + std::string(1536 * 1024, 'x') + "\n" + good_row(1);
  const auto plain = dir.file("flows.csv", text);
  const auto gz = dir.path("flows.csv.gz");
  gzFile out = gzopen(gz.c_str(), "wb");
  gzwrite(out, text.data(), static_cast<unsigned>(text.size()));
  gzclose(out);
  for (const auto& path : {plain, gz}) {
    SCOPED_TRACE(path);
    const auto result = read_dataset({path}, 2, 64 * 1024);
    const InputReport& report = result.contents.inputs[0];
    EXPECT_EQ(report.records, 2U);
    EXPECT_EQ(report.skipped, 1U);
    ASSERT_FALSE(report.issues.empty());
    EXPECT_EQ(report.issues[0].line, 3U);
    EXPECT_EQ(report.issues[0].byte_offset, kFlowsHeader.size() + good_row(0).size());
    EXPECT_EQ(report.issues[0].message, "line is longer than 1048576 bytes; skipped");
  }
}

TEST(BadInput, NonUtf8LabelsKeepTheirBytes) {
  const auto result = read_dataset({kFixtures + "bad/devices_latin1.csv"});
  ASSERT_EQ(result.contents.devices.size(), 1U);
  EXPECT_EQ(result.contents.devices[0].labels.name, "Caf\xe9 cam\xff");
  EXPECT_EQ(result.contents.inputs[0].records, 1U);
}

TEST(BadInput, InvalidJsonLinesAndMissingKeysAreBadRows) {
  TempDir dir("jsonl");
  const std::string good =
      R"({"user_key": "HOMEAAAAAAAAAAA1", "device_id": "s1", "device_port": 1, "remote_ip": )"
      R"("1.2.3.4", "remote_port": 443, "protocol": "tcp", "in_byte_count": 1, )"
      R"("out_byte_count": 2, "ts": 100})";
  const std::string no_ts =
      R"({"user_key": "HOMEAAAAAAAAAAA1", "device_id": "s1", "device_port": 1, "remote_ip": )"
      R"("1.2.3.4", "remote_port": 443, "protocol": "tcp", "in_byte_count": 1, )"
      R"("out_byte_count": 2})";
  const auto path = dir.file("flows.jsonl", good + "\n{\"user_key\": \"x\" \"device_id\"}\n\n" +
                                                no_ts + "\n" + good + "\n");
  const auto result = read_dataset({path});
  const InputReport& report = result.contents.inputs[0];
  EXPECT_EQ(report.format, "iotinspector-v1-flows/jsonl");
  EXPECT_EQ(report.records, 2U);
  EXPECT_EQ(report.skipped, 2U);
  ASSERT_GE(report.issues.size(), 2U);
  EXPECT_EQ(report.issues[0].to_string(),
            path + ":2: invalid JSON at byte 18 of the record: expected ',' or '}' after a value");
  EXPECT_EQ(report.issues[1].to_string(), path + ":4: ts is empty (expected Unix seconds)");
}

TEST(BadInput, QuotedNewlinesAcrossChunksKeepLineNumbers) {
  TempDir dir("quoted");
  std::string text = kFlowsHeader;
  for (int i = 0; i < 40; ++i) text += good_row(i, i % 7 == 3 ? "\"multi\nline, name\"" : "ok");
  text += "HOMEAAAAAAAAAAA1,s0000000001,1,52.1.2.3,443,tcp,,,,,1,1,2,1,1,bad-ts,0,0,0\n";
  const auto path = dir.file("flows.csv", text);
  // The header, 40 rows and 6 embedded newlines take lines 1-47: the bad row is on line 48.
  for (const std::size_t chunk : {std::size_t{0}, std::size_t{100}, std::size_t{333}}) {
    for (const unsigned threads : {1U, 2U}) {
      SCOPED_TRACE(fmt::format("chunk {} threads {}", chunk, threads));
      const auto result = read_dataset({path}, threads, chunk);
      const InputReport& report = result.contents.inputs[0];
      EXPECT_EQ(report.records, 40U);
      EXPECT_EQ(report.skipped, 1U);
      ASSERT_FALSE(report.issues.empty());
      EXPECT_EQ(report.issues[0].line, 48U);
      EXPECT_EQ(report.issues[0].column, 16U);
      std::size_t multi = 0;
      for (const auto& f : result.flows) multi += f.remote_hostname == "multi\nline, name";
      EXPECT_EQ(multi, 6U);
    }
  }
}

}  // namespace
}  // namespace iotscope::testing
