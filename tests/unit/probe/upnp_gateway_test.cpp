// The gateway checks against the real miniupnpd (Debian 2.3.1) in namespaces the test builds,
// with a mapping added by the real `upnpc -a` from the LAN namespace.
#include "probe/upnp_gateway.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "gateway_lab.hpp"
#include "probe/natpmp_pcp_check.hpp"
#include "probe/upnp_device_description.hpp"
#include "probe_test_addresses.hpp"

namespace iotscope {
namespace {

using probe_test::GatewayLab;

using probe_test::in_lab_lan;

bool nothing_allowed(const IpAddress&) {
  return false;
}

TEST(UrlHostAddress, ReadsIpLiteralsOnly) {
  EXPECT_EQ(url_host_address("http://10.79.0.1:5000/rootDesc.xml")->to_string(), "10.79.0.1");
  EXPECT_EQ(url_host_address("HTTP://192.168.1.1/desc")->to_string(), "192.168.1.1");
  EXPECT_EQ(url_host_address("http://[fe80::1]:49152/x")->to_string(), "fe80::1");
  EXPECT_FALSE(url_host_address("http://router.local:5000/rootDesc.xml"));
  EXPECT_FALSE(url_host_address("https://10.0.0.1/"));
  EXPECT_FALSE(url_host_address("http://user@10.0.0.1/"));
  EXPECT_FALSE(url_host_address(""));
}

TEST(UpnpDeviceDescription, ReadsNamesButNotSerials) {
  const auto d = parse_upnp_device_description(
      "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
      "<deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>"
      "<friendlyName> Living Room TV </friendlyName><manufacturer>Acme</manufacturer>"
      "<modelName>Screen 9</modelName><modelNumber>S9-55</modelNumber>"
      "<serialNumber>SECRET123</serialNumber></device></root>");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->friendly_name, "Living Room TV");
  EXPECT_EQ(d->manufacturer, "Acme");
  EXPECT_EQ(d->model_name, "Screen 9");
  EXPECT_EQ(d->model_number, "S9-55");
  EXPECT_EQ(d->device_type, "urn:schemas-upnp-org:device:MediaRenderer:1");
  EXPECT_FALSE(parse_upnp_device_description("<root><nodevice/></root>"));
  EXPECT_FALSE(parse_upnp_device_description("<root><device>"));
  EXPECT_FALSE(parse_upnp_device_description(""));
}

TEST(UpnpGateway, RefusesGatewayOutsideTargetsWithoutContactingIt) {
  const auto lookup = query_gateway_at(GatewayLab::kRootDescription, nothing_allowed);
  EXPECT_FALSE(lookup.report);
  EXPECT_NE(lookup.error.find("10.79.0.1 is outside the targets"), std::string::npos)
      << lookup.error;
  const auto by_name = query_gateway_at("http://router.lan:5000/rootDesc.xml", in_lab_lan);
  EXPECT_NE(by_name.error.find("not an IP address"), std::string::npos) << by_name.error;
  const auto check = check_natpmp_pcp(*IpAddress::parse("10.79.0.1"), nothing_allowed);
  EXPECT_NE(check.error.find("outside the targets"), std::string::npos);
  EXPECT_FALSE(check.natpmp.answered);
}

TEST(UpnpGateway, ObservationsUseThePassiveFieldNames) {
  GatewayReport report;
  report.gateway = *IpAddress::parse("192.168.1.1");
  report.external_address = "203.0.113.7";
  report.ts = 1700000000;
  report.mappings.push_back({3478, "UDP", "192.168.1.23", 3479, "cam relay", true, 0, ""});
  const auto observations = gateway_observations(report);
  ASSERT_EQ(observations.size(), 2u);
  const Observation& o = observations[0];
  EXPECT_EQ(o.kind, "upnp_port_mapping");
  EXPECT_EQ(o.peer.to_string(), "192.168.1.1");
  EXPECT_EQ(o.port, 3478);
  EXPECT_EQ(o.fields.at("external_port"), "3478");
  EXPECT_EQ(o.fields.at("internal_client"), "192.168.1.23");
  EXPECT_EQ(o.fields.at("internal_port"), "3479");
  EXPECT_EQ(o.fields.at("protocol"), "UDP");
  EXPECT_EQ(o.fields.at("lease"), "0");
  EXPECT_EQ(o.fields.at("description"), "cam relay");
  EXPECT_EQ(o.fields.at("response"), "true");
  EXPECT_EQ(observations[1].kind, "upnp_gateway");
  EXPECT_EQ(observations[1].fields.at("external_address"), "203.0.113.7");
}

class GatewayInNamespaces : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!probe_test::running_as_root()) GTEST_SKIP() << "needs root (network namespaces)";
    lab_ = std::make_unique<GatewayLab>();
  }
  void add_mapping_with_upnpc() const {
    std::string output;
    const int status = lab_->run_in_lan(std::string("upnpc -u ") + GatewayLab::kRootDescription +
                                            " -e 'lab cam' -a 10.79.0.10 8081 18081 TCP 3600",
                                        &output);
    ASSERT_EQ(status, 0) << output;
    ASSERT_NE(output.find("is redirected to internal 10.79.0.10:8081"), std::string::npos)
        << output;
  }
  std::unique_ptr<GatewayLab> lab_;
};

TEST_F(GatewayInNamespaces, ListsTheMappingUpnpcAdded) {
  add_mapping_with_upnpc();
  GatewayLookup lookup;
  lab_->run_inside_lan(
      [&] { lookup = query_gateway_at(GatewayLab::kRootDescription, in_lab_lan); });
  ASSERT_TRUE(lookup.report) << lookup.error;
  const GatewayReport& report = *lookup.report;
  EXPECT_EQ(report.gateway.to_string(), "10.79.0.1");
  EXPECT_EQ(report.external_address, GatewayLab::kExternalAddress);
  EXPECT_TRUE(report.connected);
  EXPECT_EQ(report.control_url.rfind("http://10.79.0.1:5000/", 0), 0u) << report.control_url;
  EXPECT_NE(report.service_type.find("WANIPConnection"), std::string::npos);
  EXPECT_EQ(report.friendly_name, "LabRouter");
  EXPECT_EQ(report.manufacturer, "Lab Networks");
  EXPECT_EQ(report.model_name, "LabGate 5000");
  EXPECT_EQ(report.listing_end_code, 713);  // SpecifiedArrayIndexInvalid: the list's end
  ASSERT_EQ(report.mappings.size(), 1u);
  const UpnpPortMapping& mapping = report.mappings[0];
  EXPECT_EQ(mapping.external_port, 18081);
  EXPECT_EQ(mapping.protocol, "TCP");
  EXPECT_EQ(mapping.internal_client, "10.79.0.10");
  EXPECT_EQ(mapping.internal_port, 8081);
  EXPECT_EQ(mapping.description, "lab cam");
  EXPECT_TRUE(mapping.enabled);
  EXPECT_GT(mapping.lease_duration, 3500u);
  EXPECT_LE(mapping.lease_duration, 3600u);

  const auto observations = gateway_observations(report);
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[0].fields.at("internal_client"), "10.79.0.10");
  EXPECT_EQ(observations[0].fields.at("external_port"), "18081");
  EXPECT_EQ(observations[1].fields.at("friendly_name"), "LabRouter");
}

TEST_F(GatewayInNamespaces, FindsTheGatewayBySsdp) {
  add_mapping_with_upnpc();
  GatewayLookup lookup;
  lab_->run_inside_lan([&] {
    lookup = discover_gateway("eth0", in_lab_lan, GatewayQueryOptions{std::chrono::seconds(2)});
  });
  ASSERT_TRUE(lookup.report) << lookup.error;
  EXPECT_EQ(lookup.report->gateway.to_string(), "10.79.0.1");
  EXPECT_EQ(lookup.report->root_description_url, GatewayLab::kRootDescription);
  EXPECT_EQ(lookup.report->external_address, GatewayLab::kExternalAddress);
  ASSERT_EQ(lookup.report->mappings.size(), 1u);
  EXPECT_EQ(lookup.report->mappings[0].external_port, 18081);
}

TEST_F(GatewayInNamespaces, DiscoveryIgnoresGatewayOutsideTargets) {
  const auto only_client = [](const IpAddress& a) { return a.to_string() == "10.79.0.10"; };
  GatewayLookup lookup;
  lab_->run_inside_lan([&] {
    lookup = discover_gateway("eth0", only_client, GatewayQueryOptions{std::chrono::seconds(2)});
  });
  EXPECT_FALSE(lookup.report);
  EXPECT_NE(lookup.error.find("no allowed UPnP device on eth0"), std::string::npos) << lookup.error;
}

TEST_F(GatewayInNamespaces, NatPmpAndPcpAnswer) {
  NatGatewayCheck check;
  lab_->run_inside_lan([&] {
    check = check_natpmp_pcp(*IpAddress::parse(GatewayLab::kGatewayAddress), in_lab_lan);
  });
  ASSERT_TRUE(check.error.empty()) << check.error;
  EXPECT_TRUE(check.natpmp.answered) << check.natpmp.note;
  EXPECT_EQ(check.natpmp.result_code, 0);
  EXPECT_EQ(check.natpmp.external_address, GatewayLab::kExternalAddress);
  EXPECT_TRUE(check.pcp.answered) << check.pcp.note;
  EXPECT_EQ(check.pcp.version, 2);
  EXPECT_EQ(check.pcp.result_code, 0);
  const Observation o = nat_check_observation(check);
  EXPECT_EQ(o.kind, "nat_gateway_check");
  EXPECT_EQ(o.fields.at("natpmp_answered"), "true");
  EXPECT_EQ(o.fields.at("external_address"), GatewayLab::kExternalAddress);
}

TEST_F(GatewayInNamespaces, NatPmpSilenceIsReported) {
  // The client itself runs no NAT-PMP server: its kernel answers "port unreachable".
  NatGatewayCheck check;
  lab_->run_inside_lan([&] {
    check = check_natpmp_pcp(*IpAddress::parse(GatewayLab::kClientAddress), in_lab_lan,
                             NatCheckOptions{std::chrono::milliseconds(200), 1});
  });
  EXPECT_FALSE(check.natpmp.answered);
  EXPECT_FALSE(check.pcp.answered);
  EXPECT_EQ(check.natpmp.note, "port unreachable");
}

}  // namespace
}  // namespace iotscope
