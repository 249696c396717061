#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sources/input_report.hpp"
#include "sources/text/compressed_file.hpp"
#include "sources/text/delimited_reader.hpp"
#include "sources/text/field_parsers.hpp"
#include "sources/text/jsonl_reader.hpp"
#include "sources/text/record_splitter.hpp"

namespace iotscope {
namespace {

const std::string kDatasetData = std::string(IOTSCOPE_TEST_DATA) + "/iotinspector/";

std::string read_all(const std::string& path, std::optional<std::string>* error = nullptr,
                     Compression* compression = nullptr) {
  std::string open_error;
  auto reader = DecompressingReader::open(path, open_error);
  EXPECT_NE(reader, nullptr) << open_error;
  if (!reader) return {};
  std::string out;
  char buffer[777];  // odd size: exercises refills mid-member
  while (const std::size_t n = reader->read({buffer, sizeof buffer})) out.append(buffer, n);
  if (error) *error = reader->stream_error();
  if (compression) *compression = reader->compression();
  return out;
}

TEST(CompressedFile, DetectsCompressionFromMagicBytes) {
  const unsigned char gzip[] = {0x1f, 0x8b, 8, 0};
  const unsigned char zstd[] = {0x28, 0xb5, 0x2f, 0xfd};
  const unsigned char text[] = {'u', 's', 'e', 'r'};
  EXPECT_EQ(detect_compression(gzip), Compression::gzip);
  EXPECT_EQ(detect_compression(zstd), Compression::zstd);
  EXPECT_EQ(detect_compression(text), Compression::none);
  EXPECT_EQ(detect_compression({}), Compression::none);
}

TEST(CompressedFile, GzipAndZstdDecompressToThePlainText) {
  const std::string plain = read_all(kDatasetData + "shape_a/csv/flows.csv");
  ASSERT_GT(plain.size(), 1000U);
  Compression compression = Compression::none;
  std::optional<std::string> error;
  EXPECT_EQ(read_all(kDatasetData + "shape_a/gzip/flows.csv.gz", &error, &compression), plain);
  EXPECT_EQ(compression, Compression::gzip);
  EXPECT_FALSE(error.has_value());
  EXPECT_EQ(read_all(kDatasetData + "shape_a/zstd/flows.csv.zst", &error, &compression), plain);
  EXPECT_EQ(compression, Compression::zstd);
  EXPECT_FALSE(error.has_value());
}

TEST(CompressedFile, TruncatedStreamsKeepWhatWasDecodedAndSaySo) {
  const std::string source = read_all(kDatasetData + "bad/truncated_source.csv");
  std::optional<std::string> error;
  const std::string gz = read_all(kDatasetData + "bad/truncated.csv.gz", &error);
  EXPECT_EQ(error, "compressed stream ends early at byte 1000");
  EXPECT_EQ(gz.size(), 10076U);  // what gzip -dc also recovers
  EXPECT_EQ(source.substr(0, gz.size()), gz);
  const std::string zst = read_all(kDatasetData + "bad/truncated.csv.zst", &error);
  EXPECT_EQ(error, "compressed stream ends early at byte 1053");
  EXPECT_EQ(zst.size(), 10679U);  // the two complete frames (of four) before the cut
  EXPECT_EQ(source.substr(0, zst.size()), zst);
}

TEST(CompressedFile, MissingFileGivesTheOsError) {
  std::string error;
  EXPECT_EQ(DecompressingReader::open(kDatasetData + "no-such-file.csv", error), nullptr);
  EXPECT_EQ(error, "No such file or directory");
  EXPECT_EQ(DecompressingReader::open(kDatasetData + "bad", error), nullptr);
  EXPECT_EQ(error, "Is a directory");
}

TEST(RecordSplitter, QuotedNewlinesStayInsideTheRecord) {
  std::size_t embedded = 0;
  EXPECT_EQ(find_record_end("a,b\nc", true, embedded), 3U);
  EXPECT_EQ(embedded, 0U);
  EXPECT_EQ(find_record_end("a,\"x\ny\",b\nc", true, embedded), 9U);
  EXPECT_EQ(embedded, 1U);
  EXPECT_EQ(find_record_end("{\"a\":\"x\\\"\"}\nnext", false, embedded), 11U);
  EXPECT_EQ(find_record_end("a,\"open", true, embedded), std::string_view::npos);
  const std::string text(1000, '"');
  EXPECT_EQ(count_byte(text.data(), text.data() + text.size(), '"'), 1000U);
  EXPECT_EQ(count_byte(text.data(), text.data() + 999, '"'), 999U);
}

TEST(DelimitedSplitter, FollowsRfc4180Quoting) {
  DelimitedSplitter csv(',');
  auto fields = csv.split("a,\"b,c\",\"say \"\"hi\"\"\",,\"multi\nline\"");
  ASSERT_EQ(fields.size(), 5U);
  EXPECT_EQ(fields[0], "a");
  EXPECT_EQ(fields[1], "b,c");
  EXPECT_EQ(fields[2], "say \"hi\"");
  EXPECT_EQ(fields[3], "");
  EXPECT_EQ(fields[4], "multi\nline");
  EXPECT_EQ(csv.offsets()[1], 2U);
  EXPECT_EQ(csv.offsets()[3], 21U);
  fields = csv.split("x,y,");
  ASSERT_EQ(fields.size(), 3U);
  EXPECT_EQ(fields[2], "");
  DelimitedSplitter tsv('\t');
  fields = tsv.split("a,b\tc");
  ASSERT_EQ(fields.size(), 2U);
  EXPECT_EQ(fields[0], "a,b");
}

TEST(FlatJsonParser, ReadsFlatObjectsAndKeepsNestedValuesRaw) {
  FlatJsonParser json;
  ASSERT_TRUE(json.parse(
      R"({"a": "x\"y\u00e9\ud83d\ude00", "n": 443.0, "z": null, "o": {"k": [1, "}"]}, "t": true})"));
  const auto& m = json.members();
  ASSERT_EQ(m.size(), 5U);
  EXPECT_EQ(m[0].key, "a");
  EXPECT_EQ(m[0].value, "x\"y\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(m[1].value, "443.0");
  EXPECT_FALSE(m[1].is_string);
  EXPECT_TRUE(m[2].is_null);
  EXPECT_EQ(m[3].value, R"({"k": [1, "}"]})");
  EXPECT_EQ(m[4].value, "true");
  EXPECT_FALSE(json.parse(R"({"a": 1,)"));
  EXPECT_EQ(json.error(), "expected a quoted key");
  EXPECT_FALSE(json.parse(R"({"a" 1})"));
  EXPECT_EQ(json.error(), "expected ':' after a key");
  EXPECT_EQ(json.error_offset(), 5U);
  EXPECT_FALSE(json.parse("[1,2]"));
}

TEST(FieldParsers, AcceptWhatExportersWrite) {
  EXPECT_EQ(parse_port("443"), 443);
  EXPECT_EQ(parse_port("443.0"), 443);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_FALSE(parse_port("65536"));
  EXPECT_FALSE(parse_port("443.5"));
  EXPECT_FALSE(parse_port(""));
  EXPECT_FALSE(parse_port("-1"));
  EXPECT_EQ(parse_count(""), 0U);
  EXPECT_EQ(parse_count("12.00"), 12U);
  EXPECT_FALSE(parse_count("1e3"));
  EXPECT_DOUBLE_EQ(*parse_unix_time("1556668800.25"), 1556668800.25);
  EXPECT_DOUBLE_EQ(*parse_unix_time("1556668800"), 1556668800.0);
  EXPECT_DOUBLE_EQ(*parse_unix_time("1.5566688e9"), 1556668800.0);
  EXPECT_DOUBLE_EQ(*parse_unix_time("2019-05-01T00:00:00.5Z"), 1556668800.5);
  EXPECT_DOUBLE_EQ(*parse_unix_time("2019-05-01 00:00:00"), 1556668800.0);
  EXPECT_FALSE(parse_unix_time("yesterday"));
  EXPECT_FALSE(parse_unix_time("nan"));
  // Every spelling holds to the same range, 1970 to 1e11 s (found by fuzzing: a 1926 ISO time in
  // an ssl.log written to conn.log as a negative number that no longer read back).
  EXPECT_FALSE(parse_unix_time("1926-05-13T16:53:20.375000Z"));
  EXPECT_FALSE(parse_unix_time("-1377068799.625000"));
  EXPECT_FALSE(parse_unix_time("99999999999999"));
  EXPECT_FALSE(parse_unix_time("100000000000.5"));
  EXPECT_DOUBLE_EQ(*parse_unix_time("99999999999.5"), 99999999999.5);
  EXPECT_FALSE(parse_unix_time("9999-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_unix_time("2019-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_unix_time("2019-05-01T24:00:00Z"));
  EXPECT_FALSE(parse_unix_time("2019-05-01T00:61:00Z"));
  EXPECT_DOUBLE_EQ(*parse_unix_time("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(parse_ip("192.168.1.10")->to_string(), "192.168.1.10");
  EXPECT_EQ(parse_ip("fe80::1")->to_string(), "fe80::1");
  EXPECT_FALSE(parse_ip("1.2.3.256"));
  EXPECT_FALSE(parse_ip("1.2.3"));
  EXPECT_EQ(canonical_mac("AA-BB-CC-00-11-22"), "aa:bb:cc:00:11:22");
  EXPECT_EQ(canonical_mac("aabbcc001122"), "aa:bb:cc:00:11:22");
  EXPECT_FALSE(canonical_mac("aa:bb:cc"));
  EXPECT_EQ(parse_mac48("aa:bb:cc:00:11:22"), 0xaabbcc001122ULL);
  const auto text = mac48_text(0xaabbcc001122ULL);
  EXPECT_EQ(std::string(text.data(), text.size()), "aa:bb:cc:00:11:22");
  EXPECT_EQ(canonical_oui("b8:27:eb"), "B827EB");
  EXPECT_EQ(canonical_oui("fca183"), "FCA183");
  EXPECT_FALSE(canonical_oui("xyz"));
  EXPECT_TRUE(is_truthy("True"));
  EXPECT_TRUE(is_truthy("1"));
  EXPECT_FALSE(is_truthy("0"));
  EXPECT_FALSE(is_truthy(""));
  EXPECT_EQ(quote_for_message("a\"b\xff"), "\"a\\\"b\\xff\"");
}

TEST(InputIssue, FormatsFileLineColumn) {
  InputIssue issue{"flows.csv", 17, 5, 1234, "remote_port \"abc\" is not a port number"};
  EXPECT_EQ(issue.to_string(), "flows.csv:17:5: remote_port \"abc\" is not a port number");
  issue.column = 0;
  EXPECT_EQ(issue.to_string(), "flows.csv:17: remote_port \"abc\" is not a port number");
  issue.line = 0;
  EXPECT_EQ(issue.to_string(), "flows.csv@1234: remote_port \"abc\" is not a port number");
  issue.byte_offset = 0;
  EXPECT_EQ(issue.to_string(), "flows.csv: remote_port \"abc\" is not a port number");
}

}  // namespace
}  // namespace iotscope
