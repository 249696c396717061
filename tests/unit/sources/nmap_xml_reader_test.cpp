// The samples in tests/data/nmap are real `nmap -oX` runs (tests/data/nmap/make_samples.sh)
// against a namespace running a Python http.server on 8080, a socat banner on 23, a UDP socket on
// 5353, and nftables dropping 9999/tcp and 5683/udp.
#include "sources/nmap/nmap_xml_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace iotscope {
namespace {

const std::string kDir = std::string(IOTSCOPE_TEST_DATA) + "/nmap/";

const ServiceOffer* find_offer(const NmapXmlResult& result, std::uint16_t port, Transport t) {
  for (const auto& offer : result.offers) {
    if (offer.port == port && offer.transport == t) return &offer;
  }
  return nullptr;
}

TEST(NmapXmlReader, ConnectScanWithVersionDetection) {
  const auto result = read_nmap_xml_file(kDir + "connect_version.xml");
  ASSERT_TRUE(result.ok()) << result.report.issues.front().to_string();
  EXPECT_EQ(result.report.format, "nmap-xml");
  EXPECT_EQ(result.scan.scanner, "nmap");
  EXPECT_EQ(result.scan.version, "7.93");
  EXPECT_NE(result.scan.args.find("-sT -sV -p 21,23,80,8080,9999"), std::string::npos);
  EXPECT_EQ(result.scan.scan_types, std::vector<std::string>{"connect/tcp"});
  EXPECT_DOUBLE_EQ(result.scan.start, 1795381019);
  EXPECT_DOUBLE_EQ(result.scan.end, 1795381076);
  EXPECT_TRUE(result.scan.finished);

  ASSERT_EQ(result.hosts.size(), 1u);  // the <hosthint> is not a second host
  EXPECT_EQ(result.hosts[0].address.to_string(), "10.81.0.2");
  EXPECT_EQ(result.hosts[0].mac, "b8:27:eb:81:00:02");
  EXPECT_EQ(result.hosts[0].mac_vendor, "Raspberry Pi Foundation");
  EXPECT_EQ(result.hosts[0].status, "up");

  ASSERT_EQ(result.offers.size(), 5u);
  EXPECT_EQ(result.report.records, 5u);
  struct Expected {
    std::uint16_t port;
    PortState state;
    const char* reason;
    const char* service;
    const char* method;
  };
  for (const Expected& e : {Expected{21, PortState::closed, "conn-refused", "ftp", "table"},
                            Expected{23, PortState::open, "syn-ack", "telnet", "table"},
                            Expected{80, PortState::closed, "conn-refused", "http", "table"},
                            Expected{8080, PortState::open, "syn-ack", "http", "probed"},
                            Expected{9999, PortState::filtered, "no-response", "abyss", "table"}}) {
    const ServiceOffer* offer = find_offer(result, e.port, Transport::tcp);
    ASSERT_NE(offer, nullptr) << e.port;
    EXPECT_EQ(offer->state, e.state) << e.port;
    EXPECT_EQ(offer->reason, e.reason) << e.port;
    EXPECT_EQ(offer->service, e.service) << e.port;
    EXPECT_EQ(offer->method, e.method) << e.port;
    EXPECT_EQ(offer->address.to_string(), "10.81.0.2");
    EXPECT_EQ(offer->mac, "b8:27:eb:81:00:02");
    EXPECT_DOUBLE_EQ(offer->ts, 1795381019);
  }
  const ServiceOffer* http = find_offer(result, 8080, Transport::tcp);
  EXPECT_EQ(http->product, "SimpleHTTPServer");
  EXPECT_EQ(http->version, "0.6");
  EXPECT_EQ(http->info, "Python 3.11.2");
  EXPECT_EQ(http->cpe, "cpe:/a:python:simplehttpserver:0.6");
  EXPECT_TRUE(find_offer(result, 23, Transport::tcp)->product.empty());
}

TEST(NmapXmlReader, SynAndUdpScanStates) {
  const auto result = read_nmap_xml_file(kDir + "syn_udp.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.scan.scan_types, (std::vector<std::string>{"syn/tcp", "udp/udp"}));
  ASSERT_EQ(result.offers.size(), 5u);
  EXPECT_EQ(find_offer(result, 23, Transport::tcp)->state, PortState::open);
  EXPECT_EQ(find_offer(result, 8080, Transport::tcp)->service, "http-proxy");
  const ServiceOffer* ntp = find_offer(result, 123, Transport::udp);
  ASSERT_NE(ntp, nullptr);
  EXPECT_EQ(ntp->state, PortState::closed);
  EXPECT_EQ(ntp->reason, "port-unreach");
  // open|filtered: nmap could not tell; iotscope reads it as filtered
  const ServiceOffer* mdns = find_offer(result, 5353, Transport::udp);
  ASSERT_NE(mdns, nullptr);
  EXPECT_EQ(mdns->state, PortState::filtered);
  EXPECT_EQ(mdns->service, "zeroconf");
  EXPECT_EQ(find_offer(result, 5683, Transport::udp)->state, PortState::filtered);
  EXPECT_DOUBLE_EQ(find_offer(result, 5683, Transport::udp)->ts, 1795381076);
}

TEST(NmapXmlReader, TruncatedFileNamesFileAndLine) {
  const auto result = read_nmap_xml_file(kDir + "truncated.xml");
  ASSERT_FALSE(result.ok());
  const InputIssue& issue = result.report.issues.front();
  EXPECT_EQ(issue.file, kDir + "truncated.xml");
  EXPECT_EQ(issue.line, 21u);  // the cut falls inside port 23's servicefp attribute
  EXPECT_NE(issue.message.find("not well-formed nmap XML"), std::string::npos) << issue.message;
  EXPECT_EQ(issue.to_string().rfind(kDir + "truncated.xml:21:", 0), 0u) << issue.to_string();
  EXPECT_TRUE(result.offers.empty());  // the only host never finished
  EXPECT_FALSE(result.scan.finished);
  EXPECT_EQ(result.scan.version, "7.93");  // the run header was read
}

TEST(NmapXmlReader, TextInputMatchesFileInput) {
  std::ifstream in(kDir + "syn_udp.xml");
  std::stringstream text;
  text << in.rdbuf();
  const auto result = read_nmap_xml_text(text.str(), "memory.xml");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.offers.size(), 5u);
  EXPECT_EQ(result.report.path, "memory.xml");
}

TEST(NmapXmlReader, BadValuesAreReportedAndSkipped) {
  const std::string text =
      "<?xml version=\"1.0\"?>\n<nmaprun scanner=\"nmap\" start=\"100\">\n"
      "<host><address addr=\"10.0.0.9\" addrtype=\"ipv4\"/>\n<ports>\n"
      "<port protocol=\"tcp\" portid=\"99999\"><state state=\"open\"/></port>\n"
      "<port protocol=\"tcp\" portid=\"22\"><state state=\"weird\"/></port>\n"
      "<port protocol=\"tcp\" portid=\"80\"><state state=\"open\" reason=\"syn-ack\"/></port>\n"
      "</ports></host></nmaprun>\n";
  const auto result = read_nmap_xml_text(text, "bad.xml");
  ASSERT_EQ(result.report.issues.size(), 2u);
  EXPECT_EQ(result.report.issues[0].line, 5u);
  EXPECT_NE(result.report.issues[0].message.find("99999"), std::string::npos);
  EXPECT_EQ(result.report.issues[1].line, 6u);
  EXPECT_NE(result.report.issues[1].message.find("weird"), std::string::npos);
  ASSERT_EQ(result.offers.size(), 1u);
  EXPECT_EQ(result.offers[0].port, 80);
  EXPECT_DOUBLE_EQ(result.offers[0].ts, 100);  // no starttime: the run's start
}

TEST(NmapXmlReader, RefusesOtherDocuments) {
  const auto other = read_nmap_xml_text("<html><body/></html>", "page.html");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.report.issues[0].message.find("<nmaprun>"), std::string::npos);
  const auto missing = read_nmap_xml_file(kDir + "does_not_exist.xml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.report.issues[0].file, kDir + "does_not_exist.xml");
  const auto empty = read_nmap_xml_text("", "empty.xml");
  EXPECT_FALSE(empty.ok());
}

}  // namespace
}  // namespace iotscope
