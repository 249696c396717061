#include "sources/probe/probe_results_jsonl.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace iotscope {
namespace {

namespace fs = std::filesystem;

fs::path probe_temp_file(const std::string& name, const std::string& text) {
  const fs::path path = fs::temp_directory_path() / ("iotscope-probe-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

ProbeResults sample() {
  ProbeResults r;
  r.run.scanner = "iotscope test";
  r.run.targets = "192.168.1.0/24";
  r.run.vantage = Vantage::internal;
  r.run.started = 100;
  r.run.finished = 160.5;
  r.hosts.push_back(
      {*IpAddress::parse("192.168.1.20"), "aa:bb:cc:00:11:22", "cam", "syn-ack", 101});
  ServiceOffer o;
  o.address = *IpAddress::parse("192.168.1.20");
  o.mac = "aa:bb:cc:00:11:22";
  o.port = 23;
  o.state = PortState::open;
  o.reason = "syn-ack";
  o.banner = "login: \\x1b";
  o.service = "telnet";
  o.product = "BusyBox telnetd";
  o.device_type = "webcam";
  o.cpe = "cpe:/a:busybox:busybox";
  o.method = "probed";
  o.ts = 102;
  r.offers.push_back(o);
  o.port = 161;
  o.transport = Transport::udp;
  o.state = PortState::filtered;
  o.reason = "no-response";
  r.offers.push_back(o);
  ProbeObservation item;
  item.address = *IpAddress::parse("192.168.1.1");
  item.observation.kind = "upnp_port_mapping";
  item.observation.port = 8080;
  item.observation.fields = {{"internal_client", "192.168.1.20"}, {"protocol", "TCP"}};
  r.observations.push_back(item);
  return r;
}

TEST(ProbeResultsJsonl, RoundTripsEveryRecord) {
  std::ostringstream text;
  write_probe_results(text, sample());
  const auto path = probe_temp_file("roundtrip.jsonl", text.str());
  ASSERT_TRUE(looks_like_probe_results(path.string()));
  const auto file = read_probe_results(path.string());
  EXPECT_EQ(file.report.records, 5u);
  EXPECT_EQ(file.report.skipped, 0u);
  const ProbeResults& r = file.results;
  EXPECT_EQ(r.run.targets, "192.168.1.0/24");
  EXPECT_DOUBLE_EQ(r.run.finished, 160.5);
  ASSERT_EQ(r.hosts.size(), 1u);
  EXPECT_EQ(r.hosts[0].hostname, "cam");
  ASSERT_EQ(r.offers.size(), 2u);
  EXPECT_EQ(r.offers[0].address.to_string(), "192.168.1.20");
  EXPECT_EQ(r.offers[0].banner, "login: \\x1b");
  EXPECT_EQ(r.offers[0].product, "BusyBox telnetd");
  EXPECT_EQ(r.offers[1].transport, Transport::udp);
  EXPECT_EQ(r.offers[1].state, PortState::filtered);
  ASSERT_EQ(r.observations.size(), 1u);
  EXPECT_EQ(r.observations[0].observation.fields.at("internal_client"), "192.168.1.20");
  fs::remove(path);
}

TEST(ProbeResultsJsonl, BadLinesAreNamedAndSkipped) {
  std::ostringstream text;
  write_probe_results(text, sample());
  std::string body = text.str();
  body +=
      "{\"record\":\"service_offer\",\"address\":\"not-an-ip\",\"port\":80,"
      "\"transport\":\"tcp\",\"state\":\"open\"}\n";
  body +=
      "{\"record\":\"service_offer\",\"address\":\"10.0.0.1\",\"port\":70000,"
      "\"transport\":\"tcp\",\"state\":\"open\"}\n";
  body += "this is not json\n";
  body +=
      "{\"record\":\"service_offer\",\"address\":\"10.0.0.2\",\"port\":80,"
      "\"transport\":\"tcp\",\"state\":\"open\"}\n";
  const auto path = probe_temp_file("bad.jsonl", body);
  const auto file = read_probe_results(path.string());
  EXPECT_EQ(file.report.records, 6u);
  EXPECT_EQ(file.report.skipped, 3u);
  ASSERT_EQ(file.report.issues.size(), 3u);
  EXPECT_EQ(file.report.issues[0].line, 6u);
  EXPECT_NE(file.report.issues[0].message.find("\"address\" must be an IPv4 or IPv6 address"),
            std::string::npos);
  EXPECT_NE(file.report.issues[1].message.find("\"port\""), std::string::npos);
  EXPECT_NE(file.report.issues[2].message.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(file.results.offers.size(), 3u);  // the good line after the bad ones is kept
  fs::remove(path);
}

TEST(ProbeResultsJsonl, MissingFileIsReportedNotThrown) {
  const auto file = read_probe_results("/nonexistent/probe.jsonl");
  EXPECT_EQ(file.report.format, "unreadable");
  EXPECT_EQ(file.report.skipped, 1u);
  EXPECT_FALSE(looks_like_probe_results("/nonexistent/probe.jsonl"));
}

}  // namespace
}  // namespace iotscope
