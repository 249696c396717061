#include "report/csv_tables.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "report/anonymizer.hpp"
#include "report/csv_writer.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

using Table = std::vector<std::vector<std::string>>;

// An independent RFC 4180 reader, so the test does not trust the writer's own rules.
Table parse_csv(const std::string& text) {
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(row.empty() && field.empty()) << "last row lacks its newline";
  return rows;
}

// Rows as maps from header name to cell.
std::vector<std::map<std::string, std::string>> records(const std::filesystem::path& file) {
  const Table table = parse_csv(testing::read_text(file));
  std::vector<std::map<std::string, std::string>> result;
  for (std::size_t r = 1; r < table.size(); ++r) {
    EXPECT_EQ(table[r].size(), table[0].size()) << file << " row " << r;
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) {
      record[table[0][c]] = table[r][c];
    }
    result.push_back(std::move(record));
  }
  return result;
}

class CsvTables : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir("csv");
    written_ = write_csv_tables(fixture_.model, dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string id_of(const DeviceRecord& device) const {
    return Anonymizer(testing::kKey).device_id(device.home_id, device.source_id);
  }

  testing::Fixture fixture_ = testing::make_fixture();
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> written_;
};

TEST(CsvField, QuotesOnlyWhenNeeded) {
  std::string out;
  append_csv_field(out, "plain");
  EXPECT_EQ(out, "plain");
  out.clear();
  append_csv_field(out, "a,\"b\"\nc");
  EXPECT_EQ(out, "\"a,\"\"b\"\"\nc\"");
  // Quotes first, last and back to back; text that is not UTF-8 is made so before quoting.
  out.clear();
  append_csv_field(out, "\"\"x\"");
  EXPECT_EQ(out, "\"\"\"\"\"x\"\"\"");
  out.clear();
  append_csv_field(out, "caf\xC3\xA9,\xFF");
  EXPECT_EQ(out, "\"caf\xC3\xA9,\xEF\xBF\xBD\"");
  out.clear();
  append_csv_field(out, "caf\xC3\xA9");  // valid UTF-8 needing no quotes
  EXPECT_EQ(out, "caf\xC3\xA9");
}

TEST_F(CsvTables, WritesEveryTable) {
  std::vector<std::string> names;
  for (const auto& file : written_) names.push_back(file.filename().string());
  const std::vector<std::string> expected{"devices.csv",
                                          "port_roles.csv",
                                          "device_graph_edges.csv",
                                          "sankey_local.csv",
                                          "sankey_external.csv",
                                          "per_port.csv",
                                          "scans.csv",
                                          "exposure.csv",
                                          "encryption.csv",
                                          "port_usage_local.csv",
                                          "port_usage_external.csv",
                                          "port_sharing.csv",
                                          "external_by_type.csv",
                                          "bytes_per_flow.csv",
                                          "services_offered.csv",
                                          "service_usage.csv",
                                          "candidates.csv",
                                          "inputs.csv"};
  EXPECT_EQ(names, expected);
}

TEST_F(CsvTables, LabelWithCommaQuoteAndNewlineRoundTrips) {
  const auto devices = records(dir_ / "devices.csv");
  ASSERT_EQ(devices.size(), 4U);
  EXPECT_EQ(devices[0].at("label"), testing::kTrickyName);
  EXPECT_EQ(devices[0].at("label_name"), testing::kTrickyName);
  EXPECT_EQ(devices[0].at("id"), id_of(fixture_.camera()));
  EXPECT_EQ(devices[0].at("type"), "camera");
  EXPECT_EQ(devices[0].at("ip"), "");  // anonymized: raw columns stay empty
  const auto names = nlohmann::json::parse(devices[1].at("names"));
  EXPECT_EQ(names[0], "echo-kitchen");
  EXPECT_EQ(names[1].get<std::string>().rfind("mac-", 0), 0U);
}

TEST_F(CsvTables, PortRoleRowHoldsTheFinding) {
  const auto roles = records(dir_ / "port_roles.csv");
  ASSERT_EQ(roles.size(), 3U);
  EXPECT_EQ(roles[0].at("device"), id_of(fixture_.camera()));
  EXPECT_EQ(roles[0].at("port"), "554");
  EXPECT_EQ(roles[0].at("role"), "server");
  EXPECT_EQ(roles[0].at("confidence"), "0.9");
  const auto evidence = nlohmann::json::parse(roles[0].at("evidence"));
  EXPECT_EQ(evidence["distinct_remote_ports"], 12);
  EXPECT_EQ(evidence["rule"], "fan-in");
  EXPECT_EQ(evidence["bytes"], 4000);
}

TEST_F(CsvTables, ScansListTargetsAndPorts) {
  const auto scans = records(dir_ / "scans.csv");
  ASSERT_EQ(scans.size(), 2U);
  EXPECT_EQ(scans[0].at("ports"), "21;22;23;80;443");
  EXPECT_EQ(nlohmann::json::parse(scans[0].at("targets"))[0], id_of(fixture_.plug()));
  EXPECT_EQ(scans[1].at("target_count"), "2");
  EXPECT_EQ(scans[1].at("method"), "");
}

TEST_F(CsvTables, LongFormatTablesHaveOneRowPerPoint) {
  const auto per_port = records(dir_ / "per_port.csv");
  ASSERT_EQ(per_port.size(), 5U);  // total + 2 remote ports + 1 device label + 1 peer label
  EXPECT_EQ(per_port[0].at("breakdown"), "total");
  EXPECT_EQ(per_port[2].at("key"), "50001");
  EXPECT_EQ(per_port[3].at("key"), testing::kTrickyName);
  const auto cdf = records(dir_ / "bytes_per_flow.csv");
  ASSERT_EQ(cdf.size(), 3U);
  EXPECT_EQ(cdf[2].at("bytes_upper"), "4096");
  EXPECT_EQ(cdf[2].at("cumulative_fraction"), "1");
}

TEST_F(CsvTables, EncryptionCandidatesAndInputs) {
  const auto encryption = records(dir_ / "encryption.csv");
  ASSERT_EQ(encryption.size(), 3U);
  EXPECT_EQ(encryption[1].at("credentials_in_clear"), "true");
  EXPECT_EQ(encryption[0].at("credentials_in_clear"), "");
  EXPECT_EQ(encryption[0].at("self_signed"), "false");
  const auto candidates = records(dir_ / "candidates.csv");
  EXPECT_EQ(candidates[0].at("rank"), "1");
  EXPECT_EQ(candidates[0].at("device"), id_of(fixture_.plug()));
  const auto inputs = records(dir_ / "inputs.csv");
  EXPECT_EQ(inputs[0].at("skipped"), "12");
  EXPECT_EQ(nlohmann::json::parse(inputs[0].at("issues")).size(), 2U);
  const auto types = records(dir_ / "external_by_type.csv");
  EXPECT_EQ(types[0].at("top_external_ports"), "443:1");
}

}  // namespace
}  // namespace iotscope
