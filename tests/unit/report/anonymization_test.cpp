// The promise of an anonymized report: no raw address, MAC, dataset id or key in any file.
#include <gtest/gtest.h>

#include <sstream>

#include "report/terminal_summary.hpp"
#include "report/write_all_reports.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST(Anonymization, NoRawIdentifierInAnyWrittenFile) {
  const auto fixture = testing::make_fixture(true);
  const auto dir = testing::fresh_dir("anonymized");
  const auto written = write_all_reports(fixture.model, dir);
  ASSERT_EQ(written.size(), 21U);  // report.json, report.md, report.html and 18 CSVs
  std::size_t scanned = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string content = lower(testing::read_text(entry.path()));
    for (const auto& raw : fixture.raw_identifiers()) {
      EXPECT_EQ(content.find(lower(raw)), std::string::npos)
          << raw << " appears in " << entry.path().filename();
    }
    ++scanned;
  }
  EXPECT_EQ(scanned, written.size());
  std::filesystem::remove_all(dir);
}

TEST(Anonymization, NoRawIdentifierInTheTerminalSummary) {
  const auto fixture = testing::make_fixture(true);
  std::ostringstream out;
  write_terminal_summary(fixture.model, out);
  const std::string content = lower(out.str());
  for (const auto& raw : fixture.raw_identifiers()) {
    EXPECT_EQ(content.find(lower(raw)), std::string::npos) << raw;
  }
}

TEST(Anonymization, RawIdentifiersAppearWhenAnonymizationIsOff) {
  const auto fixture = testing::make_fixture(false);
  const auto dir = testing::fresh_dir("raw");
  write_all_reports(fixture.model, dir);
  const std::string json = testing::read_text(dir / "report.json");
  for (const std::string raw : {"192.168.1.10", "10.0.0.30", "fd00::44", "aa:bb:cc:00:00:01",
                                "de:ad:be:ef:00:04", "dev-c3-source", "192.168.1.99"}) {
    EXPECT_NE(json.find(raw), std::string::npos) << raw;
  }
  const std::string devices = testing::read_text(dir / "devices.csv");
  EXPECT_NE(devices.find("192.168.1.20"), std::string::npos);
  // The key and the dataset's installation ids are never printed.
  EXPECT_EQ(json.find(testing::kKey), std::string::npos);
  EXPECT_EQ(json.find("home-alpha-user-key"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Anonymization, WriteAllReportsListsWhatItWrote) {
  const auto fixture = testing::make_fixture();
  const auto dir = testing::fresh_dir("all") / "nested" / "out";
  const auto written = write_all_reports(fixture.model, dir);
  EXPECT_EQ(written.front(), dir / "report.json");
  EXPECT_EQ(written[1], dir / "report.md");
  for (const auto& file : written) {
    EXPECT_TRUE(std::filesystem::is_regular_file(file)) << file;
    EXPECT_GT(std::filesystem::file_size(file), 0U) << file;
  }
  std::filesystem::remove_all(dir.parent_path().parent_path());
}

}  // namespace
}  // namespace iotscope
