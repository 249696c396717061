#include "cli/probe_inputs.hpp"

#include <gtest/gtest.h>

#include "util/hash.hpp"

namespace iotscope {
namespace {

IpAddress ip(const char* text) {
  return *IpAddress::parse(text);
}

ServiceOffer open_port(const char* address, std::string mac, std::uint16_t port) {
  ServiceOffer offer;
  offer.address = ip(address);
  offer.mac = std::move(mac);
  offer.port = port;
  offer.state = PortState::open;
  return offer;
}

// A capture of home "lab" saw a camera by MAC and a TV by address only (no link layer).
std::vector<DeviceRecord> captured() {
  DeviceRecord camera;
  camera.key = DeviceKey{hash_text("lab"), hash_text("b8:27:eb:00:00:20")};
  camera.mac = "b8:27:eb:00:00:20";
  camera.ip = ip("10.0.0.20");
  DeviceRecord tv;
  tv.key = DeviceKey{hash_text("lab"), hash_text("10.0.0.30")};
  tv.ip = ip("10.0.0.30");
  return {camera, tv};
}

TEST(ProbeInputs, OffersJoinTheDevicesACaptureKnows) {
  auto devices = captured();
  ProbeResults probe;
  auto camera_telnet = open_port("10.0.0.20", "b8:27:eb:00:00:20", 23);
  camera_telnet.product = "BusyBox telnetd";
  camera_telnet.device_type = "webcam";
  probe.offers = {camera_telnet, open_port("10.0.0.30", "aa:bb:cc:00:00:30", 8008),
                  open_port("10.0.0.40", "", 80)};
  probe.hosts = {{ip("10.0.0.20"), "b8:27:eb:00:00:20", "", "syn-ack", 1}};
  ProbeObservation mapping;
  mapping.address = ip("10.0.0.20");
  mapping.observation.kind = "upnp_port_mapping";
  probe.observations = {mapping};
  ProbeResults outside;
  outside.run.vantage = Vantage::external;
  outside.offers = {open_port("10.0.0.20", "", 23)};

  const auto keyed = key_probe_results({probe, outside}, "lab", devices);
  ASSERT_EQ(keyed.active.internal.size(), 3u);
  EXPECT_EQ(keyed.active.internal[0].device, devices[0].key);  // by MAC
  EXPECT_EQ(keyed.active.internal[1].device, devices[1].key);  // by the address the TV used
  EXPECT_EQ(devices[1].mac, "aa:bb:cc:00:00:30");              // which the probe completes
  EXPECT_EQ(devices[1].oui, "AABBCC");
  ASSERT_EQ(devices.size(), 3u);  // 10.0.0.40 is new
  EXPECT_EQ(keyed.active.internal[2].device, devices[2].key);
  EXPECT_EQ(devices[2].source_id, "10.0.0.40");
  ASSERT_EQ(keyed.active.external.size(), 1u);
  EXPECT_EQ(keyed.active.external[0].device, devices[0].key);  // no MAC: the camera's address
  EXPECT_EQ(keyed.active.probed, std::vector<DeviceKey>{devices[0].key});
  ASSERT_EQ(keyed.observations.size(), 1u);
  EXPECT_EQ(keyed.observations[0].device, devices[0].key);
  // The banner names the camera.
  EXPECT_EQ(devices[0].type, DeviceType::camera);
  EXPECT_EQ(devices[0].learnt_names, std::vector<std::string>{"BusyBox telnetd"});
}

TEST(ProbeInputs, ScansFromOutsideAreTranslatedThroughTheListedMappings) {
  auto devices = captured();
  ProbeResults inside;
  inside.offers = {open_port("10.0.0.20", "b8:27:eb:00:00:20", 8080)};
  ProbeObservation gateway;
  gateway.address = ip("10.0.0.1");
  gateway.observation.kind = "upnp_gateway";
  gateway.observation.fields = {{"external_address", "11.77.0.1"}};
  ProbeObservation mapping;
  mapping.address = ip("10.0.0.20");
  mapping.observation.kind = "upnp_port_mapping";
  mapping.observation.fields = {{"external_port", "18080"},
                                {"internal_client", "10.0.0.20"},
                                {"internal_port", "8080"},
                                {"protocol", "TCP"}};
  inside.observations = {gateway, mapping};
  ProbeResults outside;
  outside.run.vantage = Vantage::external;
  outside.offers = {open_port("11.77.0.1", "", 18080), open_port("11.77.0.1", "", 443),
                    open_port("192.0.2.9", "", 22)};
  outside.hosts = {{ip("11.77.0.1"), "", "", "syn-ack", 1}};

  // The external scan comes first on the command line; it is still read against the inside.
  const auto keyed = key_probe_results({outside, inside}, "lab", devices);
  ASSERT_EQ(keyed.active.external.size(), 3u);
  const ServiceOffer& mapped = keyed.active.external[0];
  EXPECT_EQ(mapped.device, devices[0].key);  // the camera, through 18080 -> 10.0.0.20:8080
  EXPECT_EQ(mapped.port, 8080);
  const ServiceOffer& router = keyed.active.external[1];
  EXPECT_EQ(router.address, ip("10.0.0.1"));  // no mapping: the gateway's own port
  EXPECT_EQ(router.port, 443);
  EXPECT_EQ(keyed.active.external[2].address, ip("192.0.2.9"));  // not the home's address
  EXPECT_TRUE(keyed.active.probed.empty());  // only an external scan named hosts
}

}  // namespace
}  // namespace iotscope
