#include "analyses/service_names.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

TEST(ServiceNames, WellKnownPortsAndEncryption) {
  EXPECT_EQ(service_info(443, Transport::tcp).name, "https");
  EXPECT_EQ(service_info(443, Transport::tcp).status, EncryptionStatus::encrypted);
  EXPECT_EQ(service_info(23, Transport::tcp).name, "telnet");
  EXPECT_EQ(service_info(23, Transport::tcp).status, EncryptionStatus::plaintext);
  EXPECT_EQ(service_info(1883, Transport::tcp).name, "mqtt");
  EXPECT_EQ(service_info(8883, Transport::tcp).name, "mqtt-tls");
  EXPECT_EQ(service_info(123, Transport::udp).name, "ntp");
  EXPECT_EQ(service_info(1900, Transport::udp).name, "ssdp");
  EXPECT_EQ(service_info(5353, Transport::udp).name, "mdns");
  EXPECT_EQ(service_info(8009, Transport::tcp).name, "cast");
  EXPECT_EQ(service_info(9100, Transport::tcp).name, "jetdirect");
  EXPECT_EQ(service_info(445, Transport::tcp).status, EncryptionStatus::unknown);
}

TEST(ServiceNames, TransportMattersAndUnknownPortsAreEmpty) {
  EXPECT_EQ(service_info(123, Transport::tcp).name, "");
  EXPECT_EQ(service_info(443, Transport::udp).name, "quic");
  EXPECT_EQ(service_info(55444, Transport::tcp).name, "");
  EXPECT_EQ(service_info(55444, Transport::tcp).status, EncryptionStatus::unknown);
}

TEST(ServiceNames, RiskyPortsAndLabels) {
  for (const std::uint16_t port : std::vector<std::uint16_t>{21, 22, 23, 80, 139, 445, 1900, 3389,
                                                             5900, 7547, 8080, 8081, 49152}) {
    EXPECT_TRUE(is_risky_service_port(port)) << port;
  }
  EXPECT_FALSE(is_risky_service_port(443));
  EXPECT_FALSE(is_risky_service_port(123));
  EXPECT_EQ(port_label(443, Transport::tcp), "tcp/443");
}

}  // namespace
}  // namespace iotscope
