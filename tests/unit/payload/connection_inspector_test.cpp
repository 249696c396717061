// A connection holds the inspector's working state (stream buffers, TLS reassembly, nDPI's flow)
// only while its payload is wanted: once the inspector has what it needs it concludes at once,
// gives the working state back, and hands the same result over when the connection closes.
#include "payload/connection_inspector.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payload_samples.hpp"

namespace iotscope {
namespace {

std::span<const std::uint8_t> span_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Connection connection_to(Transport transport, std::uint16_t server_port) {
  Connection c;
  c.transport = transport;
  c.ip_protocol = transport == Transport::tcp   ? ip_protocol::tcp
                  : transport == Transport::udp ? ip_protocol::udp
                                                : ip_protocol::icmp;
  c.orig.port = 50000;
  c.resp.port = server_port;
  c.start_ns = 1'700'000'000'000'000'000;
  return c;
}

Connection http_connection() {
  return connection_to(Transport::tcp, 80);
}

// A payload packet whose IP datagram nDPI may read.
class WithPacket : public ::testing::Test {
 protected:
  WithPacket() { packet.ip_packet = ip_bytes; }
  std::array<std::uint8_t, 20> ip_bytes{0x45};
  DecodedPacket packet;
};

class ConnectionInspectorTest : public WithPacket {
 protected:
  // Sends the request and the response, then `more` packets each way; returns the last answer.
  bool exchange(std::uint32_t slot, const Connection& c, int more) {
    bool wanted = inspector.payload(slot, c, true, span_of(kRequest), 0, packet);
    wanted = inspector.payload(slot, c, false, span_of(kResponse), 0, packet) && wanted;
    for (int i = 0; i < more && wanted; ++i) {
      wanted = inspector.payload(slot, c, true, span_of("x"), 0, packet) &&
               inspector.payload(slot, c, false, span_of("y"), 0, packet);
    }
    return wanted;
  }

  static constexpr std::string_view kRequest =
      "GET /setup.xml HTTP/1.1\r\nHost: camera.local\r\nUser-Agent: test\r\n\r\n";
  static constexpr std::string_view kResponse =
      "HTTP/1.1 200 OK\r\nServer: lighttpd\r\nContent-Length: 0\r\n\r\n";
  ConnectionInspector inspector{InspectionLimits{
      .ndpi_packets = 12, .stream_packets = 4, .datagrams = 4, .payload_facts = true}};
};

using ConnectionInspectorWants = WithPacket;

TEST_F(ConnectionInspectorTest, ADoneConnectionGivesItsWorkBackAndKeepsItsResult) {
  const Connection c = http_connection();
  const std::uint32_t slot = inspector.opened(c);
  EXPECT_EQ(inspector.working(), 1U);
  EXPECT_FALSE(exchange(slot, c, 3));  // 4 packets each way: nothing more is wanted
  EXPECT_EQ(inspector.working(), 0U);
  EXPECT_EQ(inspector.open(), 1U);
  inspector.closed(slot, c);
  EXPECT_EQ(inspector.open(), 0U);
  const InspectionResult result = inspector.take_result();
  EXPECT_EQ(result.service, "http");
  EXPECT_EQ(result.hostname, "camera.local");
}

TEST_F(ConnectionInspectorTest, SettlingEarlyLearnsWhatClosingLearns) {
  const Connection c = http_connection();
  const std::uint32_t early = inspector.opened(c);
  ASSERT_FALSE(exchange(early, c, 3));
  inspector.closed(early, c);
  const InspectionResult settled = inspector.take_result();
  const std::uint32_t open = inspector.opened(c);
  // The request, then a server that has sent nothing yet: still wanted when it closes.
  ASSERT_TRUE(inspector.payload(open, c, true, span_of(kRequest), 0, packet));
  inspector.closed(open, c);
  const InspectionResult closed = inspector.take_result();
  EXPECT_EQ(settled.service, closed.service);
  EXPECT_EQ(settled.hostname, closed.hostname);
  EXPECT_EQ(settled.facts.size(), closed.facts.size());
  EXPECT_FALSE(settled.facts.empty());
}

// Bulk after the request head tells the parsers nothing: once the head is whole and the
// server's first bytes are known (they pick FTP and Telnet), the connection is done.
TEST_F(ConnectionInspectorTest, AWholeRequestHeadAndTheAnswersFirstBytesSettleTheConnection) {
  const Connection c = http_connection();
  const std::uint32_t slot = inspector.opened(c);
  const std::string_view request = kRequest;
  const std::size_t cut = request.find("User-Agent");
  EXPECT_TRUE(inspector.payload(slot, c, true, span_of(request.substr(0, cut)), 0, packet));
  EXPECT_TRUE(inspector.payload(slot, c, false, span_of("HTTP/1.1 100 Continue\r\n\r\n"), 0,
                                packet));  // the head is not whole yet
  EXPECT_FALSE(inspector.payload(slot, c, true, span_of(request.substr(cut)), 0, packet));
  EXPECT_EQ(inspector.working(), 0U);
  inspector.closed(slot, c);
  const InspectionResult result = inspector.take_result();
  EXPECT_EQ(result.service, "http");
  EXPECT_EQ(result.hostname, "camera.local");
  ASSERT_EQ(result.facts.size(), 1U);
  EXPECT_EQ(result.facts[0].fields.at("user_agent"), "test");
}

// What follows a CONNECT (a tunnel, mostly TLS) and a SOAP call's body still matter; so does a
// request whose server has not answered, since an FTP or Telnet server's first bytes would
// make it a login rather than HTTP.
TEST_F(ConnectionInspectorTest, TunnelsSoapCallsAndUnansweredRequestsStayWatched) {
  const Connection c = http_connection();
  const std::uint32_t tunnel = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(
      tunnel, c, true, span_of("CONNECT cloud.example:443 HTTP/1.1\r\nHost: cloud.example\r\n\r\n"),
      0, packet));
  EXPECT_TRUE(inspector.payload(tunnel, c, false, span_of("HTTP/1.1 200 OK\r\n\r\n"), 0, packet));
  const std::uint32_t soap = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(
      soap, c, true, span_of("POST /ctl HTTP/1.1\r\nSOAPAction: \"urn:x#AddPortMapping\"\r\n\r\n"),
      0, packet));
  EXPECT_TRUE(inspector.payload(soap, c, false, span_of("HTTP/1.1 200 OK\r\n\r\n"), 0, packet));
  const std::uint32_t unanswered = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(unanswered, c, true, span_of(kRequest), 0, packet));
  EXPECT_TRUE(inspector.payload(unanswered, c, true, span_of(kRequest), 0, packet));
  EXPECT_EQ(inspector.working(), 3U);
}

// IMAP's STARTTLS: the clear-text start is no protocol the parsers read, and the client's hello
// after it is still seen.
TEST_F(ConnectionInspectorTest, AGivenUpStreamIsStillWatchedForAStarttlsHello) {
  Connection c = http_connection();
  c.resp.port = 143;
  const std::uint32_t slot = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(slot, c, true, span_of("a001 STARTTLS\r\n"), 0, packet));
  EXPECT_TRUE(inspector.payload(slot, c, false, span_of("a001 OK Begin TLS\r\n"), 0, packet));
  const std::vector<std::uint8_t> hello = test::read_sample("tls_tls1_2.client.bin");
  inspector.payload(slot, c, true, hello, 0, packet);
  inspector.closed(slot, c);
  const InspectionResult result = inspector.take_result();
  EXPECT_EQ(result.service, "tls");
  ASSERT_TRUE(result.tls.has_value());
}

TEST_F(ConnectionInspectorTest, ManyOpenConnectionsDoneWithShareOneWork) {
  const Connection c = http_connection();
  std::array<std::uint32_t, 100> slots{};
  for (std::uint32_t& slot : slots) {
    slot = inspector.opened(c);
    ASSERT_FALSE(exchange(slot, c, 3));
  }
  EXPECT_EQ(inspector.open(), slots.size());
  EXPECT_EQ(inspector.working(), 0U);
  for (const std::uint32_t slot : slots) {
    inspector.closed(slot, c);
    EXPECT_EQ(inspector.take_result().hostname, "camera.local");
  }
  EXPECT_EQ(inspector.open(), 0U);
}

// A connection nobody names goes to nDPI for its first packets each way: once both directions
// have had theirs (and the parsers theirs), nothing more is wanted, however long one side
// goes on sending.
TEST(ConnectionInspector, NdpiSeesAtMostItsPacketsEachWay) {
  std::array<std::uint8_t, 20> ip_bytes{0x45};
  DecodedPacket packet;
  packet.ip_packet = ip_bytes;
  const Connection c = http_connection();
  const std::string_view binary("\x01\x02\x03\x04", 4);  // no protocol the parsers know
  for (const std::uint32_t each_way : {2U, 8U}) {
    ConnectionInspector inspector{InspectionLimits{
        .ndpi_packets = 8, .ndpi_packets_each_way = each_way, .stream_packets = 1}};
    const std::uint32_t slot = inspector.opened(c);
    EXPECT_TRUE(inspector.payload(slot, c, true, span_of(binary), 0, packet));
    for (int i = 0; i < 5; ++i) {
      // The responder's bulk: the originator's direction has not had its packets yet.
      EXPECT_TRUE(inspector.payload(slot, c, false, span_of(binary), 0, packet)) << each_way;
    }
    const bool wanted = inspector.payload(slot, c, true, span_of(binary), 0, packet);
    EXPECT_EQ(wanted, each_way == 8U) << each_way;  // 2 each way: both have had theirs
    EXPECT_EQ(inspector.working(), wanted ? 1U : 0U);
    inspector.closed(slot, c);
    EXPECT_TRUE(inspector.take_result().service.empty());
  }
}

// A query for "cam.example" (A), and its answer 192.0.2.7.
std::vector<std::uint8_t> dns_message(bool response) {
  std::vector<std::uint8_t> m = {0x12,
                                 0x34,
                                 response ? std::uint8_t{0x81} : std::uint8_t{0x01},
                                 response ? std::uint8_t{0x80} : std::uint8_t{0x00},
                                 0,
                                 1,
                                 0,
                                 response ? std::uint8_t{1} : std::uint8_t{0},
                                 0,
                                 0,
                                 0,
                                 0,
                                 3,
                                 'c',
                                 'a',
                                 'm',
                                 7,
                                 'e',
                                 'x',
                                 'a',
                                 'm',
                                 'p',
                                 'l',
                                 'e',
                                 0,
                                 0,
                                 1,
                                 0,
                                 1};
  if (response) {
    const std::vector<std::uint8_t> answer = {0xC0, 12, 0, 1, 0,   1, 0, 0,
                                              0,    60, 0, 4, 192, 0, 2, 7};
    m.insert(m.end(), answer.begin(), answer.end());
  }
  return m;
}

// The parsers read a UDP connection's first datagrams each way, which takes no working state
// once nDPI is done: a lookup whose answer is in holds none while it waits out its minute.
TEST_F(ConnectionInspectorWants, DatagramsAreParsedWithoutWorkingStateOnceNdpiIsDone) {
  const Connection c = connection_to(Transport::udp, 53);
  ConnectionInspector inspector{InspectionLimits{.datagrams = 2}};
  const std::uint32_t slot = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(slot, c, true, dns_message(false), 0, packet));
  EXPECT_EQ(inspector.working(), 0U);  // the parser named it: nDPI never starts
  EXPECT_TRUE(inspector.payload(slot, c, false, dns_message(true), 0, packet));
  EXPECT_TRUE(inspector.payload(slot, c, true, dns_message(false), 0, packet));
  EXPECT_FALSE(inspector.payload(slot, c, false, dns_message(true), 0, packet));
  EXPECT_FALSE(inspector.payload(slot, c, false, dns_message(true), 0, packet));
  inspector.closed(slot, c);
  const InspectionResult result = inspector.take_result();
  EXPECT_EQ(result.service, "dns");
  EXPECT_EQ(result.how_known, HowKnown::payload);
  ASSERT_EQ(result.facts.size(), 2U);  // one per answer
  EXPECT_EQ(result.facts[0].fields.at("addresses"), "192.0.2.7");
}

// nDPI concludes when it is done, before the parsers' last datagrams: a datagram they name
// later still gives the service, as it would have had nDPI concluded at the close.
TEST_F(ConnectionInspectorWants, ADatagramNamedAfterNdpiConcludedGivesTheService) {
  const Connection c = connection_to(Transport::udp, 53);
  ConnectionInspector inspector{InspectionLimits{.ndpi_packets = 1, .datagrams = 4}};
  const std::uint32_t slot = inspector.opened(c);
  const std::vector<std::uint8_t> garbage = {0x01, 0x02};
  EXPECT_TRUE(inspector.payload(slot, c, true, garbage, 0, packet));
  EXPECT_EQ(inspector.working(), 0U);  // nDPI had its one packet
  EXPECT_TRUE(inspector.payload(slot, c, false, dns_message(true), 0, packet));
  inspector.closed(slot, c);
  const InspectionResult result = inspector.take_result();
  EXPECT_EQ(result.service, "dns");
  EXPECT_EQ(result.how_known, HowKnown::payload);
  EXPECT_EQ(result.parse_errors.size(), 1U);  // the garbage
}

// No parser reads ICMP payload: once nDPI has had its packets, nothing more is wanted.
TEST_F(ConnectionInspectorWants, IcmpPayloadIsWantedOnlyByNdpi) {
  const Connection c = connection_to(Transport::icmp, 0);
  ConnectionInspector inspector{InspectionLimits{.ndpi_packets = 2}};
  const std::uint32_t slot = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(slot, c, true, span_of("ping"), 0, packet));
  EXPECT_FALSE(inspector.payload(slot, c, false, span_of("pong"), 0, packet));
  EXPECT_EQ(inspector.working(), 0U);
  inspector.closed(slot, c);
  EXPECT_TRUE(inspector.take_result().facts.empty());
}

TEST(ConnectionInspector, WithoutPayloadFactsTheRowFieldsStayAndNoFactIsMade) {
  std::array<std::uint8_t, 20> ip_bytes{0x45};
  DecodedPacket packet;
  packet.ip_packet = ip_bytes;
  const Connection http = http_connection();
  // "admin:secret" in Basic credentials: in clear whether or not facts are made.
  const std::string request =
      "GET /cgi-bin/status HTTP/1.1\r\nHost: cam.local\r\n"
      "Authorization: Basic YWRtaW46c2VjcmV0\r\n\r\n";
  const Connection ntp = connection_to(Transport::udp, 123);
  std::array<std::uint8_t, 48> client_request{0x23};  // version 4, mode 3 (client)
  for (const bool facts : {true, false}) {
    ConnectionInspector inspector{InspectionLimits{.payload_facts = facts}};
    const std::uint32_t web = inspector.opened(http);
    inspector.payload(web, http, true, span_of(request), 0, packet);
    inspector.payload(web, http, false, span_of("HTTP/1.1 401 Unauthorized\r\n\r\n"), 0, packet);
    inspector.closed(web, http);
    const InspectionResult web_result = inspector.take_result();
    EXPECT_EQ(web_result.service, "http") << facts;
    EXPECT_EQ(web_result.hostname, "cam.local") << facts;
    EXPECT_TRUE(web_result.credentials_in_clear) << facts;
    EXPECT_EQ(web_result.facts.size(), facts ? 1U : 0U);

    const std::uint32_t time = inspector.opened(ntp);
    inspector.payload(time, ntp, true, client_request, 0, packet);
    inspector.closed(time, ntp);
    const InspectionResult time_result = inspector.take_result();
    EXPECT_EQ(time_result.service, "ntp") << facts;
    EXPECT_EQ(time_result.facts.size(), facts ? 1U : 0U);
  }
}

TEST(ConnectionInspector, PrefetchIsOnlyAHintForAnySlot) {
  std::array<std::uint8_t, 20> ip_bytes{0x45};
  DecodedPacket packet;
  packet.ip_packet = ip_bytes;
  const Connection c = http_connection();
  const std::string request = "GET /setup.xml HTTP/1.1\r\nHost: hub.local\r\n\r\n";
  ConnectionInspector inspector;
  inspector.prefetch(0);  // nothing opened yet
  const std::uint32_t slot = inspector.opened(c);
  inspector.prefetch(slot);
  inspector.prefetch(slot + 1000);  // beyond every slot
  EXPECT_TRUE(inspector.payload(slot, c, true, span_of(request), 0, packet));
  inspector.prefetch(slot);
  inspector.closed(slot, c);
  inspector.prefetch(slot);  // closed
  EXPECT_EQ(inspector.take_result().hostname, "hub.local");
  EXPECT_EQ(inspector.open(), 0U);
}

TEST(ConnectionInspector, BuffersPastTheBudgetCutInspectionShortAndKeepWhatWasLearnt) {
  ConnectionInspector inspector{InspectionLimits{.max_buffered_bytes = std::size_t{8} * 1024}};
  std::array<std::uint8_t, 20> ip_bytes{0x45};
  DecodedPacket packet;
  packet.ip_packet = ip_bytes;
  const Connection c = http_connection();
  const std::string head = "POST /upnp/control HTTP/1.1\r\nHost: router.local\r\n";
  const std::uint32_t small = inspector.opened(c);
  EXPECT_TRUE(inspector.payload(small, c, true, span_of(head), 0, packet));
  EXPECT_GT(inspector.buffered_bytes(), 0U);
  const std::uint32_t large = inspector.opened(c);
  const std::string body = head + std::string(std::size_t{12} * 1024, 'a');
  EXPECT_FALSE(inspector.payload(large, c, true, span_of(body), 0, packet));
  EXPECT_EQ(inspector.cut_short(), 1U);
  EXPECT_EQ(inspector.working(), 1U);  // the small one goes on
  EXPECT_GE(inspector.peak_buffered_bytes(), 12U * 1024);
  inspector.closed(large, c);
  EXPECT_EQ(inspector.take_result().hostname, "router.local");
  inspector.closed(small, c);
  EXPECT_EQ(inspector.take_result().hostname, "router.local");
  // What the pool keeps for reuse is counted until it is reused.
  EXPECT_LE(inspector.buffered_bytes(), CleartextSession::kKeptCapacity * 2 * 2);
}

}  // namespace
}  // namespace iotscope
