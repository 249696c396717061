#include "report/html/html_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "report/anonymizer.hpp"
#include "report/html/html_escape.hpp"
#include "report/html/page_data.hpp"
#include "report/write_all_reports.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

using nlohmann::json;
using testing::kKey;

constexpr std::string_view kDataOpen = R"(<script type="application/json" id="iotscope-data">)";

std::string render_page(const ReportModel& model, const PageCaps& caps = {}) {
  std::ostringstream out;
  write_html_report(ReportContext(model), out, caps);
  return out.str();
}

// The embedded data as the browser would read it: the text up to the first "</script".
std::string data_text(const std::string& page) {
  const auto open = page.find(kDataOpen);
  EXPECT_NE(open, std::string::npos);
  const auto begin = open + kDataOpen.size();
  return page.substr(begin, page.find("</script", begin) - begin);
}

json page_data(const ReportModel& model, const PageCaps& caps = {}) {
  return json::parse(data_text(render_page(model, caps)));
}

std::size_t count_ignoring_case(const std::string& text, const std::string& needle) {
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t count = 0;
  for (auto at = lower.find(needle); at != std::string::npos; at = lower.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(HtmlEscape, JsonForScriptEscapesMarkupCharactersAndLineSeparators) {
  EXPECT_EQ(escape_json_for_script(R"({"a":"</script><!-- & x"})"),
            R"({"a":"\u003c/script\u003e\u003c!-- \u0026 x"})");
  EXPECT_EQ(escape_json_for_script("\"\xE2\x80\xA8\xE2\x80\xA9\""), R"("\u2028\u2029")");
  EXPECT_EQ(json::parse(escape_json_for_script(R"(["</SCRIPT>"])"))[0], "</SCRIPT>");
}

TEST(HtmlEscape, ScriptSourceNeverClosesItsElement) {
  EXPECT_EQ(escape_script_source("a='</script>';b='</SCRIPT';c='<!--'"),
            R"(a='<\/script>';b='<\/SCRIPT';c='<\!--')");
  EXPECT_EQ(escape_script_source("x < y && y<z"), "x < y && y<z");
}

TEST(HtmlEscape, HtmlText) {
  EXPECT_EQ(escape_html(R"(<b a="1">'&')"), "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;");
}

TEST(HtmlReport, IsOneSelfContainedPage) {
  const auto fixture = testing::make_fixture();
  const std::string page = render_page(fixture.model);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  // The data, ECharts and the page script: three script elements, none loaded from elsewhere.
  EXPECT_EQ(count_ignoring_case(page, "<script"), 3U);
  EXPECT_EQ(count_ignoring_case(page, "</script"), 3U);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_NE(page.find("echarts"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
  EXPECT_GT(page.size(), 1'000'000U);  // the library itself is about 1.1 MB
}

TEST(HtmlReport, LabelsCannotBreakOutOfTheDataScript) {
  auto fixture = testing::make_fixture();
  const std::string evil = "</script><script>alert(1)</script><!--";
  fixture.model.devices[1].labels.name = evil;
  fixture.model.result.device_graph.local_sankey.push_back({"device:" + evil, "lport:80", 5, 50});
  const std::string page = render_page(fixture.model);
  EXPECT_EQ(count_ignoring_case(page, "</script"), 3U);
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  const json data = json::parse(data_text(page));
  bool found = false;
  for (const auto& row : data["devices"]["rows"]) found = found || row[2] == evil;
  EXPECT_TRUE(found) << "the label survives escaping unchanged";
  found = false;
  for (const auto& link : data["graph"]["local_sankey"])
    found = found || link[0] == "device:" + evil;
  EXPECT_TRUE(found) << "the Sankey node keeps its name";
}

TEST(HtmlReport, DataNamesDevicesLikeReportJson) {
  const auto fixture = testing::make_fixture();
  const json data = page_data(fixture.model);
  EXPECT_EQ(data["overview"]["homes"], 2);
  EXPECT_EQ(data["overview"]["devices"], 4);
  EXPECT_EQ(data["overview"]["flows"], 1234);
  ASSERT_EQ(data["devices"]["rows"].size(), 4U);
  EXPECT_EQ(data["devices"]["total"], 4);
  const Anonymizer anonymizer(kKey);
  // Most findings first: the tv (one scan, one plaintext service) and the speaker tie at 2 and
  // keep the device list's order.
  const auto& first = data["devices"]["rows"][0];
  EXPECT_EQ(first[0], anonymizer.device_id("home-alpha-user-key", "dev-b2-source"));
  EXPECT_EQ(first[6], 2);
  // Scans with most targets first: the speaker's sweep (2 targets), then the tv's port scan.
  EXPECT_EQ(data["scans"]["rows"][0][2], "host_sweep");
  const auto& scan = data["scans"]["rows"][1];
  EXPECT_EQ(scan[0], anonymizer.device_id("home-beta-user-key", "dev-c3-source"));
  EXPECT_EQ(scan[2], "port_scan");
  EXPECT_EQ(scan[5], json::array({21, 22, 23, 80, 443}));
  EXPECT_DOUBLE_EQ(scan[7].get<double>(), 1700000100.0);
  EXPECT_EQ(data["candidates"]["rows"][0][0], 1);
  EXPECT_EQ(data["candidates"]["rows"][0][1],
            anonymizer.device_id("home-beta-user-key", "dev-d4-source"));
  EXPECT_EQ(data["exposure"]["summary"][0], json::array({"inbound", "telnet", 23, "tcp", 1}));
  // Plaintext first in the encryption table; the summary groups by service and status.
  EXPECT_EQ(data["encryption"]["rows"][0][6], "plaintext");
  EXPECT_EQ(data["encryption"]["rows"][2][6], "encrypted");
  EXPECT_EQ(data["encryption"]["summary"][0],
            json::array({"https", 443, "tcp", "encrypted", "TLSv1.2", 1, 40, 100000}));
  EXPECT_EQ(data["graph"]["per_port"][0]["port"], 554);
  EXPECT_EQ(data["graph"]["per_port"][0]["remote_ports"][0], json::array({"50000", 10, 2000}));
  EXPECT_EQ(data["measurement"]["port_usage_local"][0],
            json::array({5353, "udp", "mdns", 3, 0.75}));
  EXPECT_TRUE(data["caps"].empty());
}

TEST(HtmlReport, AnonymizationAppliesToThePageAsToTheJson) {
  const auto fixture = testing::make_fixture();
  const std::string data = data_text(render_page(fixture.model));
  for (const auto& raw : fixture.raw_identifiers()) {
    EXPECT_EQ(data.find(raw), std::string::npos) << raw;
  }
  const Anonymizer anonymizer(kKey);
  const auto peer = anonymizer.address(*IpAddress::parse("192.168.1.10"));
  EXPECT_NE(data.find("peer:" + peer), std::string::npos);

  const auto open = testing::make_fixture(false);
  const std::string raw = data_text(render_page(open.model));
  EXPECT_NE(raw.find("Plug near 10.0.0.30"), std::string::npos);
  EXPECT_NE(raw.find("peer:192.168.1.10"), std::string::npos);
}

TEST(HtmlReport, CapsCutTablesAndSaySo) {
  const auto fixture = testing::make_fixture();
  PageCaps caps;
  caps.devices = 2;
  caps.scans = 1;
  caps.encryption_rows = 1;
  const json data = page_data(fixture.model, caps);
  EXPECT_EQ(data["devices"]["rows"].size(), 2U);
  EXPECT_EQ(data["devices"]["total"], 4);
  EXPECT_EQ(data["scans"]["rows"].size(), 1U);
  EXPECT_EQ(data["scans"]["rows"][0][4], 2) << "the scan with most targets is kept";
  EXPECT_EQ(data["encryption"]["rows"].size(), 1U);
  EXPECT_EQ(data["encryption"]["summary"].size(), 3U) << "the summary counts every entry";
  const std::string notes = data["caps"].dump();
  EXPECT_NE(notes.find("Devices table: the 2 devices with most findings of 4"), std::string::npos);
  EXPECT_NE(notes.find("Scans: the 1 with most targets of 2"), std::string::npos);
  EXPECT_NE(notes.find("Encryption table: the 1"), std::string::npos);
}

TEST(HtmlReport, SankeyLabelsBeyondTheCapFoldIntoOther) {
  auto fixture = testing::make_fixture();
  auto& links = fixture.model.result.device_graph.local_sankey;
  links.clear();
  for (int i = 0; i < 25; ++i) {
    links.push_back({"device:label " + std::to_string(i), "lport:443",
                     static_cast<std::uint64_t>(100 - i), 10});
  }
  links.push_back({"lport:443", "rport:50000", 2000, 250});
  PageCaps caps;
  caps.labels_per_port = 20;
  const json sankey = page_data(fixture.model, caps)["graph"]["local_sankey"];
  ASSERT_EQ(sankey.size(), 22U);  // the lport link, 20 labels, one "(other labels)"
  EXPECT_EQ(sankey[0], json::array({"lport:443", "rport:50000", 2000, 250}));
  EXPECT_EQ(sankey[1], json::array({"device:label 0", "lport:443", 100, 10}));
  // labels 20..24 carry 80 + 79 + 78 + 77 + 76 flows.
  EXPECT_EQ(sankey[21], json::array({"device:(other labels)", "lport:443", 390, 50}));
}

TEST(HtmlReport, WriteAllReportsWritesThePage) {
  const auto fixture = testing::make_fixture();
  const auto dir = testing::fresh_dir("html");
  const auto written = write_all_reports(fixture.model, dir);
  EXPECT_EQ(written[2], dir / "report.html");
  const std::string page = testing::read_text(dir / "report.html");
  EXPECT_EQ(json::parse(data_text(page))["devices"]["total"], 4);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotscope
