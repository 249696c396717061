#include "probe/service_probe_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

namespace iotscope {
namespace {

const std::filesystem::path kRealDatabase{ServiceProbeDatabase::kDefaultPath};

TEST(ServiceProbeDatabase, ParsesTheInstalledNmapDatabaseCompletelyAndFast) {
  ASSERT_TRUE(std::filesystem::exists(kRealDatabase)) << "nmap-common must be installed";
  const std::clock_t cpu_start = std::clock();
  const auto wall_start = std::chrono::steady_clock::now();
  std::string error;
  const auto database = ServiceProbeDatabase::load(kRealDatabase, &error);
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start)
          .count();
  const double cpu_ms = 1000.0 * double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  ASSERT_TRUE(database) << error;
  std::cout << "parsed " << database->probes().size() << " probes, " << database->rule_count()
            << " rules in " << wall_ms << " ms wall, " << cpu_ms << " ms CPU\n";
  EXPECT_EQ(database->probes().size(), 148u);
  EXPECT_EQ(database->rule_count(), 11917u);  // 11,721 match + 196 softmatch lines
  for (const DatabaseIssue& issue : database->issues()) ADD_FAILURE() << issue.message;
  // CPU time, so a busy shared machine does not fail the test; the target is 200 ms.
  EXPECT_LT(cpu_ms, 1000.0);

  const ServiceProbe* null_probe = database->null_probe();
  ASSERT_NE(null_probe, nullptr);
  EXPECT_EQ(null_probe->name, "NULL");
  EXPECT_EQ(null_probe->total_wait_ms, 6000);
  EXPECT_EQ(null_probe->tcpwrapped_ms, 3000);
  const auto openssh =
      std::find_if(null_probe->rules.begin(), null_probe->rules.end(), [](const MatchRule& rule) {
        return rule.service == "ssh" && rule.templates.product == "OpenSSH" &&
               rule.pattern.find("Debian[ -_]([^\\r\\n]+)") != std::string::npos;
      });
  ASSERT_NE(openssh, null_probe->rules.end());
  EXPECT_EQ(openssh->templates.version, "$2 Debian $3");
  EXPECT_EQ(openssh->templates.info, "protocol $1");
  EXPECT_EQ(openssh->templates.cpe.front(), "cpe:/a:openbsd:openssh:$2");
  EXPECT_FALSE(openssh->soft);
  EXPECT_NE(openssh->regex, nullptr);

  const ServiceProbe* get = database->find(ProbeProtocol::tcp, "GetRequest");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->payload, "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(get->rarity, 1);
  EXPECT_TRUE(get->port_is_probable(80, false));
  EXPECT_TRUE(get->port_is_probable(443, true));
  EXPECT_FALSE(get->port_is_probable(22, false));

  const ServiceProbe* dns_status = database->find(ProbeProtocol::udp, "DNSStatusRequest");
  ASSERT_NE(dns_status, nullptr);
  EXPECT_EQ(dns_status->payload, std::string("\0\0\x10\0\0\0\0\0\0\0\0\0", 12));

  EXPECT_TRUE(database->is_excluded(ProbeProtocol::tcp, 9100));
  EXPECT_TRUE(database->is_excluded(ProbeProtocol::tcp, 9107));
  EXPECT_FALSE(database->is_excluded(ProbeProtocol::tcp, 9108));
  EXPECT_FALSE(database->is_excluded(ProbeProtocol::udp, 9100));

  // A TCP probe falls back to a UDP twin by name, then to NULL (nmap's compileFallbacks).
  const ServiceProbe* bind_tcp = database->find(ProbeProtocol::tcp, "DNSVersionBindReqTCP");
  ASSERT_NE(bind_tcp, nullptr);
  const auto chain = database->match_chain(*bind_tcp);
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0], bind_tcp);
  EXPECT_EQ(chain[1]->name, "DNSVersionBindReq");
  EXPECT_EQ(chain[2], null_probe);
  // UDP probes without fallback get only themselves.
  EXPECT_EQ(database->match_chain(*dns_status).size(), 1u);
}

TEST(ServiceProbeDatabase, ReportsBadLinesWithFileAndLineAndKeepsTheRest) {
  const std::string text =
      "# comment\n"                                         // 1
      "Exclude T:9100,U:53\n"                               // 2
      "Probe TCP NULL q||\n"                                // 3
      "match ssh m|^SSH-([\\d.]+)-| p/X/ i/proto $1/\n"     // 4 good
      "match ssh m|^SSH-(unclosed| p/X/\n"                  // 5 bad regex
      "match ftp m|^220|q\n"                                // 6 bad flag
      "match ftp ^220\n"                                    // 7 no m
      "match ftp m|^220| z/foo/\n"                          // 8 unknown field
      "match ftp m|^220| p/never closed\n"                  // 9 unclosed field
      "rarity 12\n"                                         // 10
      "ports 80,abc\n"                                      // 11
      "totalwaitms 5\n"                                     // 12
      "bogus directive\n"                                   // 13
      "fallback NoSuchProbe\n"                              // 14
      "softmatch ftp m|^220 |i\n"                           // 15 good
      "Probe XYZ Broken q|x|\n"                             // 16 bad protocol
      "match skipped m|x|\n"                                // 17 belongs to the broken probe
      "Probe TCP Esc q|\\x4|\n"                             // 18 bad escape
      "Probe TCP Good q|A\\r\\n\\0\\x41\\\\| no-payload\n"  // 19 good
      "ports 21-23 , 80\n"                                  // 20 good
      "Exclude 1\n";                                        // 21 Exclude after Probe
  const auto database = ServiceProbeDatabase::parse(text, "crafted.txt");
  std::vector<std::size_t> lines;
  for (const DatabaseIssue& issue : database.issues()) lines.push_back(issue.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 21}));
  ASSERT_EQ(database.issues().size(), 13u);
  EXPECT_EQ(
      database.issues()[0].message.rfind("crafted.txt:5: expected a PCRE2 regular expression", 0),
      0u)
      << database.issues()[0].message;
  EXPECT_NE(database.issues()[1].message.find("regex flags i or s, got 'q'"), std::string::npos);
  EXPECT_NE(database.issues()[3].message.find("got \"z\""), std::string::npos)
      << database.issues()[3].message;
  EXPECT_NE(database.issues()[5].message.find("rarity from 1 to 9, got \"12\""), std::string::npos);
  EXPECT_NE(database.issues()[9].message.find("known probe name in fallback, got \"NoSuchProbe\""),
            std::string::npos);
  EXPECT_NE(database.issues()[10].message.find("TCP or UDP after Probe"), std::string::npos);
  EXPECT_EQ(database.issues()[12].message,
            "crafted.txt:21: expected Exclude before the first Probe");

  ASSERT_EQ(database.probes().size(), 2u);
  const ServiceProbe& null_probe = database.probes()[0];
  ASSERT_EQ(null_probe.rules.size(), 2u);
  EXPECT_EQ(null_probe.rules[0].line, 4u);
  EXPECT_TRUE(null_probe.rules[1].soft);
  EXPECT_TRUE(null_probe.rules[1].caseless);
  EXPECT_EQ(null_probe.rarity, 5);  // the bad rarity line left the default
  const ServiceProbe& good = database.probes()[1];
  EXPECT_EQ(good.payload, std::string("A\r\n\0A\\", 6));
  EXPECT_TRUE(good.no_payload);
  EXPECT_TRUE(good.port_is_probable(22, false));
  EXPECT_TRUE(good.port_is_probable(80, false));
  EXPECT_FALSE(good.port_is_probable(24, false));
  EXPECT_TRUE(database.is_excluded(ProbeProtocol::tcp, 9100));
  EXPECT_TRUE(database.is_excluded(ProbeProtocol::udp, 53));
  EXPECT_FALSE(database.is_excluded(ProbeProtocol::tcp, 53));
}

TEST(ServiceProbeDatabase, MissingFileIsAnErrorNamingIt) {
  std::string error;
  EXPECT_FALSE(ServiceProbeDatabase::load("/nonexistent/nmap-service-probes", &error));
  EXPECT_EQ(error, "/nonexistent/nmap-service-probes: cannot be opened for reading");
}

TEST(ServiceProbeDatabase, UnescapesProbeStrings) {
  EXPECT_EQ(unescape_probe_string("a\\tb\\x7e\\xFF\\0\\\\"), std::string("a\tb~\xff\0\\", 7));
  std::size_t offset = 99;
  EXPECT_FALSE(unescape_probe_string("ab\\q", &offset));
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(unescape_probe_string("ab\\", &offset));
  EXPECT_FALSE(unescape_probe_string("\\x4", &offset));
  EXPECT_EQ(offset, 0u);
  EXPECT_FALSE(unescape_probe_string("\\xg0"));
}

TEST(ServiceProbeDatabase, ParsesPortLists) {
  const auto ranges = parse_probe_port_list("21-25,53 , 80");
  ASSERT_TRUE(ranges);
  ASSERT_EQ(ranges->size(), 3u);
  EXPECT_EQ((*ranges)[0].first, 21);
  EXPECT_EQ((*ranges)[0].last, 25);
  EXPECT_EQ((*ranges)[2].first, 80);
  EXPECT_FALSE(parse_probe_port_list("25-21"));
  EXPECT_FALSE(parse_probe_port_list("70000"));
  EXPECT_FALSE(parse_probe_port_list("80,"));
  EXPECT_FALSE(parse_probe_port_list(""));
}

}  // namespace
}  // namespace iotscope
