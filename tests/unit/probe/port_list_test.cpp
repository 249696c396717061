#include "probe/port_list.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace iotscope {
namespace {

std::string port_list_error(const char* text) {
  try {
    parse_port_list(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(PortList, DefaultIotPortsHoldTheThesisPortsOnce) {
  const auto ports = default_iot_ports();
  for (const int port : {8008, 23, 7547, 1883, 554, 9100, 55443, 5900, 6668}) {
    EXPECT_EQ(std::count(ports.begin(), ports.end(),
                         ProbePort{static_cast<std::uint16_t>(port), Transport::tcp}),
              1)
        << port;
  }
  for (const int port : {1900, 5353, 161, 123, 5683}) {
    EXPECT_EQ(std::count(ports.begin(), ports.end(),
                         ProbePort{static_cast<std::uint16_t>(port), Transport::udp}),
              1)
        << port;
  }
  EXPECT_EQ(ports.front(), (ProbePort{8008, Transport::tcp}));
  auto sorted = ports;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_EQ(ports.size(), 45u);
}

TEST(PortList, ParsesNmapSyntax) {
  const auto ports = parse_port_list("22,80,1000-1002,U:53,161,T:443,80");
  const std::vector<ProbePort> expected = {
      {22, Transport::tcp},   {80, Transport::tcp}, {1000, Transport::tcp}, {1001, Transport::tcp},
      {1002, Transport::tcp}, {53, Transport::udp}, {161, Transport::udp},  {443, Transport::tcp}};
  EXPECT_EQ(ports, expected);
}

TEST(PortList, OpenEndedRanges) {
  EXPECT_EQ(parse_port_list("-3").size(), 3u);
  EXPECT_EQ(parse_port_list("65530-").size(), 6u);
  EXPECT_EQ(parse_port_list("-").size(), 65535u);
}

TEST(PortList, RejectsBadItemsByName) {
  EXPECT_NE(port_list_error("22,http").find("item 2 'http'"), std::string::npos);
  EXPECT_NE(port_list_error("0").find("1-65535"), std::string::npos);
  EXPECT_NE(port_list_error("70000").find("1-65535"), std::string::npos);
  EXPECT_NE(port_list_error("90-80").find("not below its start"), std::string::npos);
  EXPECT_NE(port_list_error("S:80").find("T: or U:"), std::string::npos);
  EXPECT_NE(port_list_error("22,,23").find("item 2"), std::string::npos);
  EXPECT_NE(port_list_error("U:").find("expected a port number"), std::string::npos);
}

TEST(PortList, TopPortsFollowNmapServices) {
  const auto tcp = top_ports(3, Transport::tcp);
  ASSERT_EQ(tcp.size(), 3u);
  EXPECT_EQ(tcp[0], (ProbePort{80, Transport::tcp}));
  EXPECT_EQ(tcp[1], (ProbePort{23, Transport::tcp}));
  EXPECT_EQ(tcp[2], (ProbePort{443, Transport::tcp}));
  const auto udp = top_ports(2, Transport::udp);
  EXPECT_EQ(udp, (std::vector<ProbePort>{{631, Transport::udp}, {161, Transport::udp}}));
  const auto both = top_ports(1);
  EXPECT_EQ(both, (std::vector<ProbePort>{{80, Transport::tcp}, {631, Transport::udp}}));
  EXPECT_EQ(top_ports(1000, Transport::tcp).size(), 1000u);
}

TEST(PortList, TopPortsNameAMissingFile) {
  try {
    top_ports(10, Transport::tcp, "/nonexistent/nmap-services");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/nmap-services"), std::string::npos);
  }
  EXPECT_THROW(top_ports(0, Transport::tcp), std::invalid_argument);
}

}  // namespace
}  // namespace iotscope
