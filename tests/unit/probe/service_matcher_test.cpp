#include "probe/service_matcher.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "probe/builtin_service_table.hpp"

namespace iotscope {
namespace {

RegexCaptures captures_of(std::string_view pattern, std::string_view subject) {
  std::string error;
  const auto regex = ServiceRegex::compile(pattern, false, true, &error);
  EXPECT_NE(regex, nullptr) << error;
  RegexScratch scratch;
  RegexCaptures captures;
  EXPECT_EQ(regex->match(subject, scratch, &captures), RegexOutcome::match);
  return captures;
}

TEST(ServiceMatcher, SubstitutionHelpers) {
  EXPECT_EQ(printable_only(std::string("W\0O\0R\0K\x01", 9)), "WORK");
  EXPECT_EQ(substitute_all("1_2_3", "_", "."), "1.2.3");
  EXPECT_EQ(substitute_all("aaa", "aa", "b"), "ba");
  EXPECT_EQ(unpack_unsigned(std::string("\x01\x02", 2), true), 258u);
  EXPECT_EQ(unpack_unsigned(std::string("\x01\x02", 2), false), 513u);
  EXPECT_EQ(unpack_unsigned(std::string(9, 'a'), true), std::nullopt);
  EXPECT_EQ(cpe_escape("Foo Bar:1/2"), "foo_bar%3A1%2F2");
  EXPECT_EQ(printable_escape(std::string("ab\r\n\x01\\", 6), 100), "ab\\r\\n\\x01\\\\");
  EXPECT_EQ(printable_escape("abcdef", 4), "abcd");
  EXPECT_EQ(printable_escape("a\r\n", 3), "a\\r");  // an escape is never cut in half
}

TEST(ServiceMatcher, SubstitutesTemplates) {
  // The banner holds NUL bytes, so its length comes from the array, not from strlen.
  constexpr char kBanner[] = "v=1_2_3 name=W\0I\0F\0I\0 n=\x01\x00 end";
  const std::string subject(kBanner, sizeof kBanner - 1);
  const auto captures = captures_of("v=(\\S+) name=(.*?) n=(..) (\\w+)", subject);
  EXPECT_EQ(substitute_template("$1", subject, captures, false), "1_2_3");
  EXPECT_EQ(substitute_template("ver $SUBST(1,\"_\",\".\")!", subject, captures, false),
            "ver 1.2.3!");
  EXPECT_EQ(substitute_template("$P(2)", subject, captures, false), "WIFI");
  EXPECT_EQ(substitute_template("$I(3,\">\")", subject, captures, false), "256");
  EXPECT_EQ(substitute_template("$I(3,\"<\")", subject, captures, false), "1");
  EXPECT_EQ(substitute_template("x $4, ", subject, captures, false), "x end");  // trimmed
  EXPECT_EQ(substitute_template("cpe:/a:x:y:$1 B", subject, captures, true), "cpe:/a:x:y:1_2_3 B");
  EXPECT_EQ(substitute_template("$5", subject, captures, false), std::nullopt);
  EXPECT_EQ(substitute_template("$I(3,\"=\")", subject, captures, false), std::nullopt);
  EXPECT_EQ(substitute_template("$Q(1)", subject, captures, false), std::nullopt);
  EXPECT_EQ(substitute_template("$SUBST(1,\"_\")", subject, captures, false), std::nullopt);
  EXPECT_EQ(substitute_template("$P(1", subject, captures, false), std::nullopt);
}

TEST(ServiceMatcher, MatchesRealOpenSshBannerLikeNmap) {
  std::string error;
  const auto database = ServiceProbeDatabase::load(ServiceProbeDatabase::kDefaultPath, &error);
  ASSERT_TRUE(database) << error;
  const ServiceMatcher matcher(*database);
  // What Debian 12's sshd sends; nmap 7.93 reports "OpenSSH 9.2p1 Debian 2+deb12u3
  // (protocol 2.0)", os Linux, from line 3525's rule.
  const auto match =
      matcher.match(*database->null_probe(), "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->service, "ssh");
  EXPECT_EQ(match->product, "OpenSSH");
  EXPECT_EQ(match->version, "9.2p1 Debian 2+deb12u3");
  EXPECT_EQ(match->info, "protocol 2.0");
  EXPECT_EQ(match->os, "Linux");
  EXPECT_FALSE(match->soft);
  EXPECT_EQ(match->probe_name, "NULL");
  ASSERT_EQ(match->cpe.size(), 3u);
  EXPECT_EQ(match->cpe[0], "cpe:/a:openbsd:openssh:9.2p1");
  EXPECT_EQ(match->cpe[1], "cpe:/o:debian:debian_linux");
  EXPECT_EQ(match->cpe[2], "cpe:/o:linux:linux_kernel");

  // An FTP banner arriving for GetRequest still matches through the NULL fallback.
  const auto ftp =
      matcher.match(*database->find(ProbeProtocol::tcp, "GetRequest"), "220 (vsFTPd 3.0.3)\r\n");
  ASSERT_TRUE(ftp);
  EXPECT_EQ(ftp->service, "ftp");
  EXPECT_EQ(ftp->product, "vsftpd");
  EXPECT_EQ(ftp->version, "3.0.3");
  EXPECT_EQ(ftp->probe_name, "NULL");
}

TEST(ServiceMatcher, SoftmatchFixesTheService) {
  const auto database = ServiceProbeDatabase::parse(
      "Probe TCP NULL q||\n"
      "softmatch ftp m|^220 |\n"
      "match smtp m|^220 .*ESMTP| p/Some MTA/\n"
      "match ftp m|^220 .*FTP server \\(([\\w.]+)\\)| p/Acme FTP/ v/$1/\n",
      "soft.txt");
  ASSERT_TRUE(database.issues().empty());
  const ServiceMatcher matcher(database);
  const ServiceProbe& null_probe = *database.null_probe();
  const auto first = matcher.match(null_probe, "220 hello ESMTP\r\n");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->soft);  // the first matching rule wins, soft or not, as in nmap
  EXPECT_EQ(first->service, "ftp");
  // With ftp fixed, the smtp rule is not even tried.
  EXPECT_FALSE(matcher.match(null_probe, "220 hello ESMTP\r\n", "telnet"));
  const auto refined = matcher.match(null_probe, "220 FTP server (1.2) ESMTP\r\n", "ftp");
  ASSERT_TRUE(refined);
  EXPECT_TRUE(refined->soft);  // still the softmatch: it comes first
  RegexScratch scratch;
  const std::vector<MatchRule> hard_only(null_probe.rules.begin() + 1, null_probe.rules.end());
  const auto hard =
      ServiceMatcher::match_rules(hard_only, "220 FTP server (1.2)\r\n", scratch, "ftp");
  ASSERT_TRUE(hard);
  EXPECT_FALSE(hard->soft);
  EXPECT_EQ(hard->product, "Acme FTP");
  EXPECT_EQ(hard->version, "1.2");
}

TEST(ServiceMatcher, HostileBannerFinishesQuickly) {
  const auto database = ServiceProbeDatabase::parse(
      "Probe TCP NULL q||\n"
      "match evil m|^(a+)+$|\n"
      "match evil2 m|^(\\w+\\s?)*$|\n"
      "match fine m|^a+b$| p/$1/\n",
      "hostile.txt");
  ASSERT_TRUE(database.issues().empty());
  const ServiceMatcher matcher(database);
  const std::string attack = std::string(100'000, 'a') + "!";
  const auto start = std::chrono::steady_clock::now();
  const auto match = matcher.match(*database.null_probe(), attack);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(match);
  EXPECT_LT(elapsed, std::chrono::seconds(2));

  std::string error;
  const auto real = ServiceProbeDatabase::load(ServiceProbeDatabase::kDefaultPath, &error);
  ASSERT_TRUE(real) << error;
  const ServiceMatcher real_matcher(*real);
  std::string huge;
  for (int i = 0; huge.size() < 1'000'000; ++i)
    huge += "HTTP/1.1 200 OK\r\nServer: x" + std::to_string(i) + " ";
  const auto real_start = std::chrono::steady_clock::now();
  for (const ServiceProbe& probe : real->probes()) (void)real_matcher.match(probe, huge);
  EXPECT_LT(std::chrono::steady_clock::now() - real_start, std::chrono::seconds(60));
}

TEST(ServiceMatcher, BuiltinTableRecognisesCommonBanners) {
  const auto database = builtin_service_database();
  for (const DatabaseIssue& issue : database.issues()) ADD_FAILURE() << issue.message;
  const ServiceMatcher matcher(database);
  const ServiceProbe& null_probe = *database.null_probe();
  const auto ssh = matcher.match(null_probe, "SSH-2.0-dropbear_2020.81\r\n");
  ASSERT_TRUE(ssh);
  EXPECT_EQ(ssh->product, "Dropbear sshd");
  EXPECT_EQ(ssh->version, "2020.81");
  const auto telnet = matcher.match(null_probe, std::string("\xff\xfd\x18\xff\xfd\x20", 6));
  ASSERT_TRUE(telnet);
  EXPECT_EQ(telnet->service, "telnet");
  const auto ftp = matcher.match(null_probe, "220 Welcome to the camera FTP service\r\n");
  ASSERT_TRUE(ftp);
  EXPECT_EQ(ftp->service, "ftp");
  EXPECT_FALSE(ftp->soft);
  const auto http = matcher.match(*database.find(ProbeProtocol::tcp, "GetRequest"),
                                  "HTTP/1.1 200 OK\r\nDate: x\r\nServer: lighttpd/1.4.59\r\n\r\n");
  ASSERT_TRUE(http);
  EXPECT_EQ(http->service, "http");
  EXPECT_EQ(http->product, "lighttpd/1.4.59");
  const auto mqtt = matcher.match(*database.find(ProbeProtocol::tcp, "MQTTConnect"),
                                  std::string("\x20\x02\x00\x00", 4));
  ASSERT_TRUE(mqtt);
  EXPECT_EQ(mqtt->service, "mqtt");
  const auto rtsp = matcher.match(*database.find(ProbeProtocol::tcp, "RTSPRequest"),
                                  "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n");
  ASSERT_TRUE(rtsp);
  EXPECT_EQ(rtsp->service, "rtsp");
  EXPECT_EQ(guess_service_by_port(1883), "mqtt");
  EXPECT_EQ(guess_service_by_port(5683, ProbeProtocol::udp), "coap");
  EXPECT_EQ(guess_service_by_port(31337), std::nullopt);
}

}  // namespace
}  // namespace iotscope
