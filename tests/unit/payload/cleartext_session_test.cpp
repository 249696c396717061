#include "payload/cleartext_session.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace iotscope {
namespace {

std::vector<std::uint8_t> bytes_of(const std::string& text) {
  return {text.begin(), text.end()};
}

// What miniupnpc 2.2.4 (`upnpc -a 10.77.0.20 8080 18080 TCP 3600`) sent to miniupnpd in the lab.
std::string add_port_mapping_request() {
  const std::string body =
      "<?xml version=\"1.0\"?>\r\n<s:Envelope "
      "xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:AddPortMapping "
      "xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:2\"><NewRemoteHost></"
      "NewRemoteHost><NewExternalPort>18080</NewExternalPort><NewProtocol>TCP</"
      "NewProtocol><NewInternalPort>8080</NewInternalPort><NewInternalClient>10.77.0.20</"
      "NewInternalClient><NewEnabled>1</NewEnabled><NewPortMappingDescription>lab cam</"
      "NewPortMappingDescription><NewLeaseDuration>3600</NewLeaseDuration></u:AddPortMapping></"
      "s:Body></s:Envelope>\r\n";
  return "POST /ctl/IPConn HTTP/1.1\r\nHost: 10.77.0.1:5000\r\n"
         "User-Agent: Debian/bookworm/sid, UPnP/1.1, MiniUPnPc/2.2.4\r\n"
         "Content-Length: " +
         std::to_string(body.size()) +
         "\r\nContent-Type: text/xml\r\n"
         "SOAPAction: \"urn:schemas-upnp-org:service:WANIPConnection:2#AddPortMapping\"\r\n"
         "Connection: Close\r\n\r\n" +
         body;
}

const PayloadFact* find_fact(const InspectionResult& result, const std::string& kind) {
  for (const auto& fact : result.facts) {
    if (fact.kind == kind) return &fact;
  }
  return nullptr;
}

// Inspection slots reuse a session's buffers: nothing of the previous connection may remain.
TEST(CleartextSession, ClearedSessionForgetsThePreviousConnection) {
  CleartextSession session;
  session.feed(true, bytes_of(add_port_mapping_request()));
  session.feed(false, bytes_of("HTTP/1.1 200 OK\r\n\r\n"));
  session.clear();
  session.feed(true, bytes_of("GET /status HTTP/1.1\r\nHost: cam.local\r\n\r\n"));
  InspectionResult result;
  session.conclude(80, 1'700'000'000'000'000'000, true, result);
  EXPECT_EQ(result.service, "http");
  EXPECT_EQ(result.hostname, "cam.local");
  EXPECT_EQ(find_fact(result, "upnp_add_port_mapping"), nullptr);
  const PayloadFact* request = find_fact(result, "http_request");
  ASSERT_NE(request, nullptr);
  EXPECT_FALSE(session.full());
}

// settled(): conclude() gives the same whatever bytes follow, so later packets are not kept.
TEST(CleartextSession, SettledOnceNoLaterByteCanChangeTheConclusion) {
  const std::vector<std::uint8_t> connect = {0x10, 0x10, 0,  4, 'M', 'Q', 'T', 'T', 4,
                                             2,    0,    60, 0, 4,   'p', 'l', 'u', 'g'};
  const std::vector<std::uint8_t> connack = {0x20, 2, 0, 0};
  CleartextSession mqtt;
  mqtt.feed(true, connect);
  EXPECT_FALSE(mqtt.settled(1883));  // the CONNACK's status is a fact
  mqtt.feed(false, std::vector<std::uint8_t>(connack.begin(), connack.begin() + 3));
  EXPECT_FALSE(mqtt.settled(1883));
  mqtt.feed(false, std::vector<std::uint8_t>(connack.begin() + 3, connack.end()));
  EXPECT_TRUE(mqtt.settled(1883));

  CleartextSession ftp;  // the banner makes it FTP: the login lines come later
  ftp.feed(false, bytes_of("220 camera FTP ready\r\n"));
  ftp.feed(true, bytes_of("GET / HTTP/1.0\r\n\r\n"));
  EXPECT_FALSE(ftp.settled(21));
  CleartextSession telnet;
  telnet.feed(true, bytes_of("GET / HTTP/1.0\r\n\r\n"));
  telnet.feed(false, bytes_of("login: "));
  EXPECT_FALSE(telnet.settled(23));
  EXPECT_TRUE(telnet.settled(8023));

  CleartextSession unknown;  // no protocol the parsers know: later packets may still be a login
  unknown.feed(true, bytes_of("a001 STARTTLS\r\n"));
  unknown.feed(false, bytes_of("a001 OK Begin TLS\r\n"));
  EXPECT_FALSE(unknown.settled(143));
}

TEST(CleartextSession, UpnpAddPortMappingIsNamedAsTheExposureAnalysisExpects) {
  CleartextSession session;
  const auto request = bytes_of(add_port_mapping_request());
  session.feed(true, request);
  InspectionResult result;
  session.conclude(5000, 1'700'000'000'000'000'000, true, result);
  EXPECT_EQ(result.service, "http");
  ASSERT_NE(find_fact(result, "http_request"), nullptr);
  const PayloadFact* upnp = find_fact(result, "upnp_add_port_mapping");
  ASSERT_NE(upnp, nullptr) << "facts: " << result.facts.size();
  EXPECT_TRUE(upnp->about_originator);
  EXPECT_EQ(upnp->fields.at("action"), "AddPortMapping");
  EXPECT_EQ(upnp->fields.at("external_port"), "18080");
  EXPECT_EQ(upnp->fields.at("internal_port"), "8080");
  EXPECT_EQ(upnp->fields.at("internal_client"), "10.77.0.20");
  EXPECT_EQ(upnp->fields.at("protocol"), "TCP");
  EXPECT_EQ(upnp->fields.at("lease"), "3600");
  EXPECT_EQ(upnp->fields.at("description"), "lab cam");
}

TEST(CleartextSession, UpnpDeleteAndQueryActionsAreSnakeCase) {
  const std::string body =
      "<s:Envelope><s:Body><u:DeletePortMapping xmlns:u=\"urn:schemas-upnp-org:service:"
      "WANIPConnection:1\"><NewExternalPort>18080</NewExternalPort><NewProtocol>TCP</NewProtocol>"
      "</u:DeletePortMapping></s:Body></s:Envelope>";
  const std::string request =
      "POST /ctl/IPConn HTTP/1.1\r\nHost: 10.77.0.1:5000\r\nContent-Length: " +
      std::to_string(body.size()) +
      "\r\nSOAPAction: \"urn:schemas-upnp-org:service:WANIPConnection:1#DeletePortMapping\"\r\n"
      "\r\n" +
      body;
  CleartextSession session;
  session.feed(true, bytes_of(request));
  InspectionResult result;
  session.conclude(5000, 0, true, result);
  const PayloadFact* upnp = find_fact(result, "upnp_delete_port_mapping");
  ASSERT_NE(upnp, nullptr);
  EXPECT_EQ(upnp->fields.at("external_port"), "18080");
  EXPECT_EQ(find_fact(result, "upnp_add_port_mapping"), nullptr);
}

}  // namespace
}  // namespace iotscope
