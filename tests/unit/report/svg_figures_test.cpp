#include "report/svg/svg_figures.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <regex>
#include <vector>

#include "report/anonymizer.hpp"
#include "report/svg/svg_bar_chart.hpp"
#include "report/svg/svg_document.hpp"
#include "report/svg/svg_sankey.hpp"
#include "report/write_all_reports.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

// A small XML well-formedness check: one root element, tags nest and match, attribute values are
// quoted, text holds no '<' and only the five predefined or numeric entity references.
std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t roots = 0;
  std::size_t i = 0;
  const auto check_entities = [](std::string_view text) -> std::string {
    static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (text[k] == '>') continue;
      if (text[k] != '&') continue;
      const std::string rest(text.substr(k, 12));
      if (!std::regex_search(rest, entity)) return "bad entity at " + rest;
    }
    return {};
  };
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    const std::size_t lt = xml.find('<', i);
    const std::string_view text = std::string_view(xml).substr(i, lt - i);
    if (auto problem = check_entities(text); !problem.empty()) return problem;
    if (lt == std::string::npos) break;
    if (open.empty() && text.find_first_not_of(" \n\r\t") != std::string::npos) {
      return "text outside the root";
    }
    const std::size_t gt = xml.find('>', lt);
    if (gt == std::string::npos) return "unclosed tag";
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag.substr(1);
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.pop_back();
    static const std::regex element(R"(^[A-Za-z_][\w.-]*(\s+[A-Za-z_:][\w.:-]*="[^"<]*")*\s*$)");
    if (!std::regex_match(tag, element)) return "malformed tag <" + tag + ">";
    if (auto problem = check_entities(tag); !problem.empty()) return problem;
    if (open.empty()) ++roots;
    if (!self_closing) open.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return "expected one root element";
  return {};
}

TEST(XmlChecker, RejectsBrokenDocuments) {
  EXPECT_EQ(xml_problem("<svg><g></g></svg>"), "");
  EXPECT_NE(xml_problem("<svg><g></svg>"), "");
  EXPECT_NE(xml_problem("<svg><text>a < b</text></svg>"), "");
  EXPECT_NE(xml_problem("<svg><text>AT&T</text></svg>"), "");
  EXPECT_NE(xml_problem("<svg a=1></svg>"), "");
  EXPECT_NE(xml_problem("<svg></svg><svg></svg>"), "");
}

TEST(SvgDocument, EscapesTextAndCleansBytesXmlCannotHold) {
  EXPECT_EQ(svg_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(svg_escape("x\x01y\nz"), "xy z");
  EXPECT_EQ(svg_escape("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(svg_truncate("Kitchen Echo Dot", 7), "Kitchen\xE2\x80\xA6");
  EXPECT_EQ(svg_truncate("Échos", 5), "Échos");
  SvgDocument svg(100, 50);
  svg.text(1, 2, "</text><script>alert(1)</script> \xC3");
  const std::string xml = svg.finish();
  EXPECT_EQ(xml_problem(xml), "");
  EXPECT_EQ(xml.find("<script"), std::string::npos);
}

TEST(SvgBarChart, DrawsEveryBarWithItsLabelAndValue) {
  const BarChart chart{
      "Devices using 443/tcp", "flows", false, {{"Echo Dot", 1200}, {"Nest <Hub>", 300}}};
  const std::string xml = bar_chart_svg(chart);
  EXPECT_EQ(xml_problem(xml), "");
  EXPECT_NE(xml.find(R"(width="3.500in")"), std::string::npos);
  EXPECT_NE(xml.find(">Devices using 443/tcp</text>"), std::string::npos);
  EXPECT_NE(xml.find(">Echo Dot</text>"), std::string::npos);
  EXPECT_NE(xml.find(">Nest &lt;Hub&gt;</text>"), std::string::npos);
  EXPECT_NE(xml.find(">1200</text>"), std::string::npos);
  // The longest bar spans the plot; the other is a quarter of it.
  const std::regex bar(R"re(<rect x="100.00" y="[0-9.]+" width="([0-9.]+)")re");
  std::vector<double> widths;
  for (std::sregex_iterator it(xml.begin(), xml.end(), bar), end; it != end; ++it) {
    widths.push_back(std::stod((*it)[1]));
  }
  ASSERT_EQ(widths.size(), 2U);
  EXPECT_NEAR(widths[1] / widths[0], 0.25, 1e-3);
}

TEST(SvgSankey, LaysOutColumnsAndFoldsSmallNodes) {
  SankeyFigure figure{"Device-to-device flows", {}, 2};
  figure.links = {{"device:Echo", "lport:55444", 80, 0}, {"device:Nest", "lport:55444", 10, 0},
                  {"device:Hue", "lport:80", 5, 0},      {"lport:55444", "rport:55444", 90, 0},
                  {"lport:80", "rport:50000", 5, 0},     {"rport:55444", "peer:Echo Show", 90, 0}};
  const std::string xml = sankey_svg(figure);
  EXPECT_EQ(xml_problem(xml), "");
  for (const char* label :
       {">Echo</text>", ">Nest</text>", ">other</text>", ">port 55444</text>", ">port 80</text>",
        ">Echo Show</text>", ">local port</text>", ">peer</text>"}) {
    EXPECT_NE(xml.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(xml.find(">Hue</text>"), std::string::npos) << "third device folds into other";
  // One band per distinct (source, target) after folding: 3 + 2 + 1.
  std::size_t bands = 0;
  for (auto at = xml.find("<path"); at != std::string::npos; at = xml.find("<path", at + 1)) {
    ++bands;
  }
  EXPECT_EQ(bands, 6U);
}

TEST(SvgSankey, WithoutLinksSaysSo) {
  const std::string xml = sankey_svg(SankeyFigure{"Empty", {}, 10});
  EXPECT_EQ(xml_problem(xml), "");
  EXPECT_NE(xml.find("(no links)"), std::string::npos);
}

TEST(SvgFigures, WritesWellFormedFiguresWithTheReportsLabels) {
  const auto fixture = testing::make_fixture();
  const auto report_dir = testing::fresh_dir("svg-report");
  const auto dir = report_dir / "figures";
  ExtraReports extras;
  extras.svg_dir = dir;
  const auto written = write_all_reports(fixture.model, report_dir, extras);
  for (const char* name : {"sankey_local.svg", "sankey_external.svg", "port_local_554_tcp.svg",
                           "port_usage_local.svg", "port_usage_external.svg"}) {
    EXPECT_NE(std::find(written.begin(), written.end(), dir / name), written.end()) << name;
    const std::string xml = testing::read_text(dir / name);
    EXPECT_EQ(xml_problem(xml), "") << name;
    EXPECT_NE(xml.find(R"(width="3.500in")"), std::string::npos) << name;
  }
  const std::string local = testing::read_text(dir / "sankey_local.svg");
  // Labels longer than 16 characters are cut with an ellipsis to fit between the columns.
  EXPECT_NE(local.find(">Amazon voice_ass\xE2\x80\xA6</text>"), std::string::npos);
  EXPECT_NE(local.find(">port 50000</text>"), std::string::npos);
  const std::string peer = Anonymizer(testing::kKey).address(*IpAddress::parse("192.168.1.10"));
  EXPECT_NE(local.find(">" + peer + "</text>"), std::string::npos);
  EXPECT_EQ(local.find("192.168.1.10"), std::string::npos) << "anonymized like report.json";
  const std::string port = testing::read_text(dir / "port_local_554_tcp.svg");
  EXPECT_NE(port.find(">Remote ports talking to 554/tcp (local)</text>"), std::string::npos);
  EXPECT_NE(port.find(">50001</text>"), std::string::npos);
  EXPECT_NE(port.find(">Living, &quot;Room&quot; Cam</text>"), std::string::npos);
  const std::string usage = testing::read_text(dir / "port_usage_local.svg");
  EXPECT_NE(usage.find(">mdns 5353/udp</text>"), std::string::npos);
  EXPECT_NE(usage.find(">75.0%</text>"), std::string::npos);
  std::filesystem::remove_all(report_dir);
}

}  // namespace
}  // namespace iotscope
