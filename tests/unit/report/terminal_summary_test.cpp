#include "report/terminal_summary.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/text_format.hpp"
#include "report/text_table.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string render_terminal(const ReportModel& model) {
  std::ostringstream out;
  write_terminal_summary(model, out);
  return out.str();
}

// A model whose texts are all far too long for a terminal.
testing::Fixture long_fixture() {
  auto fixture = testing::make_fixture();
  const std::string long_text(300, 'x');
  for (auto& device : fixture.model.devices) device.labels.name = "Kitchen " + long_text;
  for (auto& candidate : fixture.model.result.candidates) candidate.reasons.push_back(long_text);
  for (auto& exposure : fixture.model.result.exposure) exposure.service = long_text;
  fixture.model.result.measurement.port_usage_local[0].service = long_text;
  fixture.model.warnings.push_back(long_text);
  for (int i = 0; i < 30; ++i) {
    fixture.model.result.candidates.push_back(
        {fixture.model.devices[static_cast<std::size_t>(i % 4)].key, 0.01 * i, {"more"}});
  }
  return fixture;
}

TEST(TerminalSummary, EveryLineFitsOneHundredColumns) {
  const auto fixture = long_fixture();
  const auto lines = lines_of(render_terminal(fixture.model));
  ASSERT_GT(lines.size(), 20U);
  for (const auto& line : lines) {
    EXPECT_LE(display_width(line), 100U) << line;
  }
}

TEST(TerminalSummary, ShowsTheKeyTables) {
  const auto fixture = testing::make_fixture();
  const std::string text = render_terminal(fixture.model);
  EXPECT_NE(text.find("iotscope: 2 homes, 4 devices, 1234 flows (addresses anonymized)"),
            std::string::npos);
  for (const char* title : {"Port usage, local", "Port usage, external", "Server ports", "Scans",
                            "Exposure to the Internet", "Plaintext services", "Lab candidates"}) {
    EXPECT_NE(text.find(title), std::string::npos) << title;
  }
  EXPECT_NE(text.find("5353/udp"), std::string::npos);
  EXPECT_NE(text.find("port_scan"), std::string::npos);
  EXPECT_NE(text.find("in clear"), std::string::npos);
  // The newline inside the camera's label must not break the table.
  EXPECT_NE(text.find("Living, \"Room\" Cam"), std::string::npos);
}

TEST(TerminalSummary, ListsTheTopTenCandidates) {
  const auto fixture = long_fixture();
  const std::string text = render_terminal(fixture.model);
  EXPECT_NE(text.find("Lab candidates (top 10 of 32)"), std::string::npos);
  const auto lines = lines_of(text);
  const auto start = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("Lab candidates", 0) == 0;
  });
  ASSERT_NE(start, lines.end());
  // title, header, rule, then ten rows
  ASSERT_GE(lines.end() - start, 13);
  EXPECT_EQ((start + 3)->substr(0, 7), "     1 ");
  EXPECT_EQ((start + 12)->substr(0, 7), "    10 ");
}

TEST(TextTable, AlignsAndCutsCells) {
  TextTable table({{"name", 6}, {"n", 5, true}});
  table.add_row({"abcdefghij", "7"});
  table.add_row({"ab", "12345"});
  std::ostringstream out;
  table.render(out, 0);
  EXPECT_EQ(out.str(),
            "name        n\n"
            "------  -----\n"
            "abcde\xE2\x80\xA6      7\n"
            "ab      12345\n");
}

TEST(TextFormat, FitsWidthOnCodePoints) {
  EXPECT_EQ(fit_width("h\xC3\xA9llo", 5), "h\xC3\xA9llo");
  EXPECT_EQ(fit_width("h\xC3\xA9llo", 3), "h\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(display_width("h\xC3\xA9llo"), 5U);
  EXPECT_EQ(format_utc_time(1700000000.5), "2023-11-14 22:13:20Z");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_percent(0.4567), "45.7%");
}

}  // namespace
}  // namespace iotscope
