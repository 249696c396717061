#include <gtest/gtest.h>

#include "payload/ssdp_message.hpp"
#include "payload/upnp_soap.hpp"
#include "payload_samples.hpp"

namespace iotscope {
namespace {

using test::read_sample;

TEST(SsdpMessage, MSearchFromHomeTrace) {
  const auto message = parse_ssdp_message(read_sample("ssdp_home_0.bin"));
  ASSERT_TRUE(message.ok()) << message.error().message();
  EXPECT_EQ(message->kind, SsdpKind::search);
  EXPECT_EQ(message->search_target, "urn:dial-multiscreen-org:service:dial:1");
}

TEST(SsdpMessage, RouterNotify) {
  const auto message = parse_ssdp_message(read_sample("ssdp_raw_0.bin"));
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(message->kind, SsdpKind::notify);
  EXPECT_EQ(message->notify_type, "upnp:rootdevice");
  EXPECT_EQ(message->notify_subtype, "ssdp:alive");
  EXPECT_EQ(message->location, "http://192.168.1.1:1900/igd.xml");
  EXPECT_EQ(message->server, "ipos/7.0 UPnP/1.0 TL-WDR3600/1.0");
  EXPECT_EQ(message->usn, "uuid:060b7353-fca6-4070-85f4-1fbfb9add62c::upnp:rootdevice");
}

TEST(SsdpMessage, SearchResponseAndGarbage) {
  const auto response = parse_ssdp_message(
      as_bytes("HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:MediaRenderer:1\r\n"
               "location: http://10.0.0.5:49152/desc.xml\r\nUSN: uuid:abc\r\n\r\n"));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->kind, SsdpKind::response);
  EXPECT_EQ(response->status_code, 200);
  EXPECT_EQ(response->location, "http://10.0.0.5:49152/desc.xml");
  EXPECT_FALSE(parse_ssdp_message(as_bytes("GET / HTTP/1.1\r\n\r\n")).ok());
  EXPECT_FALSE(parse_ssdp_message(as_bytes("NOTIFY * HTTP/1.1")).ok());
  EXPECT_FALSE(parse_ssdp_message(as_bytes("")).ok());
}

// As miniupnpc's upnpc -a sends it (UPNP_AddPortMapping), with the "u:" prefix.
constexpr std::string_view kAddPortMapping =
    "<?xml version=\"1.0\"?>\r\n"
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>"
    "<u:AddPortMapping xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
    "<NewRemoteHost></NewRemoteHost><NewExternalPort>8080</NewExternalPort>"
    "<NewProtocol>TCP</NewProtocol><NewInternalPort>80</NewInternalPort>"
    "<NewInternalClient>192.168.1.23</NewInternalClient><NewEnabled>1</NewEnabled>"
    "<NewPortMappingDescription>cam &amp; web</NewPortMappingDescription>"
    "<NewLeaseDuration>3600</NewLeaseDuration></u:AddPortMapping></s:Body></s:Envelope>\r\n";

TEST(UpnpSoap, AddPortMapping) {
  const auto request = parse_upnp_soap_request(as_bytes(kAddPortMapping));
  ASSERT_TRUE(request.ok()) << request.error().message();
  EXPECT_EQ(request->action, UpnpAction::add_port_mapping);
  EXPECT_EQ(request->service_type, "urn:schemas-upnp-org:service:WANIPConnection:1");
  EXPECT_EQ(request->external_port, 8080);
  EXPECT_EQ(request->internal_port, 80);
  EXPECT_EQ(request->internal_client, "192.168.1.23");
  EXPECT_EQ(request->protocol, "TCP");
  EXPECT_EQ(request->lease_duration, 3600u);
  EXPECT_EQ(request->description, "cam & web");
}

TEST(UpnpSoap, DeleteAndGetGenericWithOtherPrefixes) {
  const auto deletion = parse_upnp_soap_request(as_bytes(
      "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
      "  <SOAP-ENV:Body>\n    <m:DeletePortMapping xmlns:m='urn:schemas-upnp-org:service:"
      "WANPPPConnection:1'>\n      <NewRemoteHost/>\n      <NewExternalPort> 51413 "
      "</NewExternalPort>"
      "\n      <NewProtocol>UDP</NewProtocol>\n    </m:DeletePortMapping>\n  </SOAP-ENV:Body>"));
  ASSERT_TRUE(deletion.ok());
  EXPECT_EQ(deletion->action, UpnpAction::delete_port_mapping);
  EXPECT_EQ(deletion->service_type, "urn:schemas-upnp-org:service:WANPPPConnection:1");
  EXPECT_EQ(deletion->external_port, 51413);
  EXPECT_EQ(deletion->protocol, "UDP");
  const auto entry = parse_upnp_soap_request(
      as_bytes("<Envelope><Body><!-- list --><GetGenericPortMappingEntry xmlns=\"urn:x\">"
               "<NewPortMappingIndex>3</NewPortMappingIndex></GetGenericPortMappingEntry></Body>"));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->action, UpnpAction::get_generic_port_mapping_entry);
  EXPECT_EQ(entry->mapping_index, 3u);
}

TEST(UpnpSoap, MissingBodyOrActionFails) {
  EXPECT_FALSE(parse_upnp_soap_request(as_bytes("<s:Envelope></s:Envelope>")).ok());
  EXPECT_FALSE(parse_upnp_soap_request(as_bytes("<s:Body></s:Body>")).ok());
  EXPECT_FALSE(parse_upnp_soap_request(as_bytes("<s:Body")).ok());
  const auto bad_port = parse_upnp_soap_request(
      as_bytes("<Body><AddPortMapping><NewExternalPort>99999</NewExternalPort></AddPortMapping>"));
  ASSERT_TRUE(bad_port.ok());
  EXPECT_EQ(bad_port->external_port, std::nullopt);
  for (std::size_t size = 0; size < kAddPortMapping.size(); ++size) {
    (void)parse_upnp_soap_request(as_bytes(kAddPortMapping.substr(0, size)));
  }
}

}  // namespace
}  // namespace iotscope
