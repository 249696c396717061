#include "report/markdown_report.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/markdown_table.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

std::string render_markdown(const ReportModel& model) {
  std::ostringstream out;
  write_markdown_report(ReportContext(model), out);
  return out.str();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(MarkdownReport, HasTheSectionsAndTables) {
  const auto fixture = testing::make_fixture();
  const std::string md = render_markdown(fixture.model);
  for (const char* heading :
       {"# iotscope report", "## Overview", "## Inputs", "## Warnings", "## Devices",
        "## Port usage: local", "## Port usage: external", "## Server ports", "## Scans",
        "## Exposure to the Internet", "## Plaintext services", "## Lab candidates"}) {
    EXPECT_TRUE(contains(md, heading)) << heading;
  }
  EXPECT_TRUE(contains(md, "| homes | 2 |"));
  EXPECT_TRUE(contains(md, "| flows | 1234 |"));
  EXPECT_TRUE(contains(md, "| /data/iot/flows.csv | iotinspector-v1-flows/csv | 5000 | 12 | 3 |"));
  EXPECT_TRUE(contains(md, "| 5353/udp | mdns | 3 | 75.0% |"));
  EXPECT_TRUE(contains(md, "| 554/tcp | 1 |"));            // the camera serves RTSP
  EXPECT_TRUE(contains(md, "| http | 80/tcp | 1 | 3 |"));  // plaintext HTTP
  EXPECT_TRUE(contains(md, "| 23/tcp | inbound | telnet |"));
  EXPECT_TRUE(contains(md, "- flows.csv: 12 rows skipped"));
}

TEST(MarkdownReport, CellsStayOnOneLine) {
  const auto fixture = testing::make_fixture();
  const std::string md = render_markdown(fixture.model);
  // The camera's label holds a newline and quotes; in a table cell it becomes one line.
  EXPECT_TRUE(contains(md, "| Living, \"Room\" Cam |"));
  std::istringstream lines(md);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') continue;
    EXPECT_EQ(line.back(), '|') << line;
  }
}

TEST(MarkdownReport, SaysHowManyRowsWereCut) {
  auto fixture = testing::make_fixture();
  auto& rows = fixture.model.result.measurement.port_usage_local;
  rows.clear();
  for (std::uint16_t port = 1; port <= 25; ++port) {
    rows.push_back({port, Transport::tcp, "svc", 1, 0.25});
  }
  const std::string md = render_markdown(fixture.model);
  EXPECT_TRUE(contains(md, "| 20/tcp | svc |"));
  EXPECT_FALSE(contains(md, "| 21/tcp | svc |"));
  EXPECT_TRUE(contains(md, "_Showing 20 of 25 rows; 5 more in `port_usage_local.csv`._"));
}

TEST(MarkdownTable, EscapesPipesAndHtml) {
  EXPECT_EQ(markdown_cell("a|b<script>\nc"), "a\\|b&lt;script> c");
}

TEST(MarkdownTable, EmptyTableSaysNone) {
  const MarkdownTable table({"a"}, {false});
  std::ostringstream out;
  table.render(out, 0, "x.csv");
  EXPECT_EQ(out.str(), "_None._\n\n");
}

}  // namespace
}  // namespace iotscope
