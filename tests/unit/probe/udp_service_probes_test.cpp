#include "probe/udp_service_probes.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <functional>
#include <map>
#include <stdexcept>
#include <thread>

#include "payload/dns_message.hpp"
#include "payload/ntp_packet.hpp"
#include "payload/ssdp_message.hpp"
#include "probe/snmp_get.hpp"
#include "scanner_test_support.hpp"

namespace iotscope {
namespace {

using probe_test::ip;
using probe_test::quick_settings;

ByteSpan span_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string tlv(unsigned tag, const std::string& content) {
  return std::string(1, static_cast<char>(tag)) + static_cast<char>(content.size()) + content;
}

std::string snmp_response(const std::string& sys_descr) {
  const std::string oid("\x2b\x06\x01\x02\x01\x01\x01\x00", 8);
  const std::string varbind = tlv(0x30, tlv(0x06, oid) + tlv(0x04, sys_descr));
  const std::string pdu =
      tlv(0xa2, tlv(0x02, std::string("\x10\xc5", 2)) + tlv(0x02, std::string(1, '\0')) +
                    tlv(0x02, std::string(1, '\0')) + tlv(0x30, varbind));
  return tlv(0x30, tlv(0x02, std::string(1, '\1')) + tlv(0x04, "public") + pdu);
}

std::string ntp_server_reply() {
  std::string reply(48, '\0');
  reply[0] = 0x24;  // version 4, mode 4 (server)
  reply[1] = 2;     // stratum
  return reply;
}

std::string ntp_monlist_reply() {
  // Response bit, version 2, mode 7; XNTPD, MON_GETLIST_1; no error, one 72-byte item.
  std::string reply("\x97\x00\x03\x2a\x00\x01\x00\x48", 8);
  reply.append(72, '\x01');
  return reply;
}

const std::string kSsdpReply =
    "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\n"
    "USN: uuid:cam-1::upnp:rootdevice\r\nLOCATION: http://127.0.0.1:49152/desc.xml\r\n"
    "SERVER: Linux/5.4 UPnP/1.0 TestCam/2.1\r\n\r\n";

TEST(UdpProbePayloads, AreWellFormedRequests) {
  const auto ssdp = parse_ssdp_message(span_of(udp_probe_payloads(1900).at(0)));
  ASSERT_TRUE(ssdp.ok());
  EXPECT_EQ(ssdp->kind, SsdpKind::search);
  EXPECT_EQ(ssdp->search_target, "ssdp:all");

  const auto mdns = parse_dns_message(span_of(udp_probe_payloads(5353).at(0)));
  ASSERT_TRUE(mdns.ok());
  ASSERT_EQ(mdns->questions.size(), 1u);
  EXPECT_EQ(mdns->questions[0].name, "_services._dns-sd._udp.local");
  EXPECT_EQ(mdns->questions[0].type, dns_type::kPtr);
  EXPECT_TRUE(mdns->questions[0].unicast_response);

  const auto ntp = udp_probe_payloads(123);
  ASSERT_EQ(ntp.size(), 3u);
  EXPECT_EQ(parse_ntp_packet(span_of(ntp[0]))->mode, ntp_mode::kClient);
  EXPECT_EQ(parse_ntp_packet(span_of(ntp[1]))->control_opcode, std::uint8_t{2});
  EXPECT_TRUE(parse_ntp_packet(span_of(ntp[2]))->monlist);

  // snmpget -v2c -c public <host> sysDescr.0 with request id 0x10c5, byte for byte.
  const std::string v2c(
      "\x30\x27\x02\x01\x01\x04\x06public\xa0\x1a\x02\x02\x10\xc5\x02\x01\x00\x02\x01\x00"
      "\x30\x0e\x30\x0c\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x05\x00",
      41);
  EXPECT_EQ(udp_probe_payloads(161).at(0), v2c);
  EXPECT_EQ(udp_probe_payloads(161).at(1)[4], '\0');  // then SNMPv1

  const std::string coap = udp_probe_payloads(5683).at(0);
  EXPECT_EQ(coap.substr(0, 2), std::string("\x40\x01", 2));  // confirmable GET
  EXPECT_NE(coap.find(".well-known"), std::string::npos);
  EXPECT_EQ(coap.substr(coap.size() - 4), "core");

  EXPECT_EQ(udp_probe_payloads(40000), std::vector<std::string>{std::string()});
}

TEST(SnmpGet, ParsesAGetResponseAndRejectsGarbage) {
  const auto reply = parse_snmp_reply(snmp_response("Linux printer 4.19"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->version, 1);
  EXPECT_EQ(reply->community, "public");
  EXPECT_EQ(reply->request_id, 0x10c5u);
  EXPECT_EQ(reply->value, "Linux printer 4.19");
  EXPECT_FALSE(parse_snmp_reply(udp_probe_payloads(161).at(0)).has_value());  // a request
  const std::string whole = snmp_response("x");
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    EXPECT_FALSE(parse_snmp_reply(whole.substr(0, cut)).has_value()) << cut;
  }
}

// Found by probe_responses_fuzz: an octet-string tag whose length runs past the varbind was
// dereferenced as a value that was never parsed (a read through an empty optional).
TEST(SnmpGet, AValueLongerThanItsVarbindIsNoValue) {
  const std::string reply(
      "\x30\x21\x02\x01\x01\x04\x06public\xa2\x14\x02\x01\x05\x02\x01\x00\x02\x01\x00"
      "\x30\x09\x30\x07\x06\x01\x2b\x04\x20\x41\x42",
      35);
  const auto parsed = parse_snmp_reply(reply);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->request_id, 5u);
  EXPECT_EQ(parsed->value, "");
}

TEST(DescribeUdpReplies, ReadsProductsAndRiskyFacts) {
  ServiceOffer ntp;
  ntp.address = ip("192.168.1.20");
  ntp.port = 123;
  std::vector<Observation> observations;
  std::string readvar("\x16\x82\x00\x01\x00\x00\x00\x00\x00\x00\x00\x20", 12);
  readvar += "version=\"ntpd 4.2.8p15@1.3728-o\", processor=\"x86_64\"";
  describe_udp_replies(123, {ntp_server_reply(), readvar, ntp_monlist_reply()}, ntp, observations);
  EXPECT_EQ(ntp.service, "ntp");
  EXPECT_EQ(ntp.product, "ntpd 4.2.8p15@1.3728-o");
  EXPECT_EQ(ntp.info, "v4 server, stratum 2; mode 6 readvar answered; mode 7 monlist answered");
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[0].kind, "ntp_mode");
  EXPECT_EQ(observations[0].fields.at("mode"), "6");
  EXPECT_EQ(observations[0].fields.at("control_opcode"), "2");
  EXPECT_EQ(observations[1].fields.at("mode"), "7");
  EXPECT_EQ(observations[1].fields.at("monlist"), "true");
  EXPECT_EQ(observations[1].fields.at("request_code"), "42");
  EXPECT_EQ(observations[1].fields.at("sender_port"), "123");
  EXPECT_EQ(observations[1].peer, ip("192.168.1.20"));

  // A mode 7 error answer is a refusal: no monlist fact.
  ServiceOffer refused;
  refused.port = 123;
  std::vector<Observation> none;
  describe_udp_replies(123, {std::string("\x97\x00\x03\x2a\x40\x00\x00\x00", 8)}, refused, none);
  EXPECT_EQ(refused.info, "mode 7 refused");
  EXPECT_TRUE(none.empty());

  ServiceOffer coap;
  coap.port = 5683;
  describe_udp_replies(5683, {std::string("\x60\x45\x1c\x05\xc1\xff\xff</sensors>;ct=40", 23)},
                       coap, none);
  EXPECT_EQ(coap.service, "coap");
  // The 0xff inside the Content-Format option is a value, not the payload marker.
  EXPECT_EQ(coap.info, "2.05 </sensors>;ct=40");
}

// UDP services on the loopback of a namespace of our own, where the well-known ports are free.
class LoopbackResponders {
 public:
  using Answer = std::function<std::vector<std::string>(const std::string& request)>;

  void add(std::uint16_t port, Answer answer) {
    ScanSocket socket(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const SocketAddress at = SocketAddress::of(ip("127.0.0.1"), port);
    if (::bind(socket.get(), at.get(), at.length) != 0) throw std::runtime_error("bind");
    sockets_.push_back(std::move(socket));
    answers_.push_back(std::move(answer));
  }

  void start() {
    thread_ = std::thread([this] { serve(); });
  }

  ~LoopbackResponders() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  std::map<std::uint16_t, int> requests_seen() const { return seen_; }

 private:
  void serve() {
    std::vector<pollfd> fds;
    for (const auto& s : sockets_) fds.push_back({s.get(), POLLIN, 0});
    while (!stop_) {
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if ((fds[i].revents & POLLIN) == 0) continue;
        std::array<char, 2048> buffer{};
        sockaddr_storage from{};
        socklen_t length = sizeof from;
        const ssize_t n = ::recvfrom(fds[i].fd, buffer.data(), buffer.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &length);
        if (n < 0) continue;
        sockaddr_storage local{};
        socklen_t local_length = sizeof local;
        ::getsockname(fds[i].fd, reinterpret_cast<sockaddr*>(&local), &local_length);
        ++seen_[ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port)];
        for (const auto& reply :
             answers_[i](std::string(buffer.data(), static_cast<std::size_t>(n)))) {
          ::sendto(fds[i].fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from),
                   length);
        }
      }
    }
  }

  std::vector<ScanSocket> sockets_;
  std::vector<Answer> answers_;
  std::map<std::uint16_t, int> seen_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(UdpServiceProber, ProbesRealResponders) {
  if (!probe_test::running_as_root()) GTEST_SKIP() << "needs root for a network namespace";
  const probe_test::TestNamespace ns("iots-scan-udp", {});
  ns.run_inside([] {
    std::map<std::uint16_t, int> seen;
    UdpProbeOutcome outcome;
    {
      LoopbackResponders responders;
      responders.add(1900, [](const std::string& request) {
        return request.starts_with("M-SEARCH") ? std::vector<std::string>{kSsdpReply}
                                               : std::vector<std::string>{};
      });
      responders.add(123, [](const std::string& request) {
        const auto packet = parse_ntp_packet(span_of(request));
        if (packet && packet->mode == ntp_mode::kClient) return std::vector{ntp_server_reply()};
        if (packet && packet->monlist) return std::vector{ntp_monlist_reply()};
        return std::vector<std::string>{};  // mode 6 goes unanswered, like a hardened ntpd
      });
      responders.add(161, [](const std::string& request) {
        // Answers SNMPv2c only: the v1 request (version byte 0) is ignored.
        return request.size() > 4 && request[4] == 1
                   ? std::vector<std::string>{snmp_response("RTOS camera fw 1.2")}
                   : std::vector<std::string>{};
      });
      responders.add(5353, [](const std::string&) { return std::vector<std::string>{}; });
      responders.start();
      const UdpServiceProber prober(TargetSet::parse("127.0.0.1", false), quick_settings());
      outcome = prober.probe({ip("127.0.0.1")}, {{1900, Transport::udp},
                                                 {123, Transport::udp},
                                                 {161, Transport::udp},
                                                 {5353, Transport::udp},
                                                 {5683, Transport::udp},
                                                 {80, Transport::tcp}});
      seen = responders.requests_seen();
    }
    ASSERT_EQ(outcome.offers.size(), 5u);
    const ServiceOffer& ssdp = outcome.offers[0];
    EXPECT_EQ(ssdp.port, 1900);
    EXPECT_EQ(ssdp.transport, Transport::udp);
    EXPECT_EQ(ssdp.state, PortState::open);
    EXPECT_EQ(ssdp.reason, "udp-response");
    EXPECT_EQ(ssdp.service, "upnp");
    EXPECT_EQ(ssdp.product, "TestCam");  // as nmap names it, from the SERVER header
    EXPECT_EQ(ssdp.version, "2.1");
    EXPECT_EQ(ssdp.info,
              "server Linux/5.4 UPnP/1.0 TestCam/2.1; location http://127.0.0.1:49152/desc.xml");
    EXPECT_TRUE(ssdp.banner.starts_with("HTTP/1.1 200 OK\\r\\nCACHE-CONTROL")) << ssdp.banner;

    const ServiceOffer& ntp = outcome.offers[1];
    EXPECT_EQ(ntp.state, PortState::open);
    EXPECT_EQ(ntp.service, "ntp");
    EXPECT_NE(ntp.info.find("mode 7 monlist answered"), std::string::npos) << ntp.info;
    EXPECT_EQ(ntp.info.find("mode 6"), std::string::npos);

    const ServiceOffer& snmp = outcome.offers[2];
    EXPECT_EQ(snmp.state, PortState::open);
    EXPECT_EQ(snmp.service, "snmp");
    EXPECT_EQ(snmp.product, "RTOS camera fw 1.2");
    EXPECT_EQ(snmp.info, "community public answered (v2c)");

    // Bound but silent: no answer and no ICMP error, so filtered after the retry.
    EXPECT_EQ(outcome.offers[3].state, PortState::filtered);
    EXPECT_EQ(outcome.offers[3].reason, "no-response");
    EXPECT_EQ(seen[5353], 2);  // the first try and one retry
    // Nothing bound: the kernel's port unreachable makes it closed.
    EXPECT_EQ(outcome.offers[4].state, PortState::closed);
    EXPECT_EQ(outcome.offers[4].reason, "port-unreach");

    std::map<std::string, int> kinds;
    for (const auto& o : outcome.observations) ++kinds[o.kind];
    EXPECT_EQ(kinds, (std::map<std::string, int>{
                         {"ntp_mode", 1}, {"snmp_community", 1}, {"ssdp_name", 1}}));
    for (const auto& o : outcome.observations) {
      if (o.kind == "ntp_mode") {
        EXPECT_EQ(o.fields.at("mode"), "7");
        EXPECT_EQ(o.fields.at("monlist"), "true");
      }
      if (o.kind == "snmp_community") {
        EXPECT_EQ(o.fields.at("sys_descr"), "RTOS camera fw 1.2");
      }
      if (o.kind == "ssdp_name") {
        EXPECT_EQ(o.fields.at("usn"), "uuid:cam-1::upnp:rootdevice");
      }
      EXPECT_EQ(o.peer, ip("127.0.0.1"));
    }
  });
}

TEST(UdpServiceProber, EchoOnAnUnknownPortIsOpenWithAnEscapedBanner) {
  ScanSocket echo(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  const SocketAddress at = SocketAddress::of(ip("127.0.0.1"), 0);
  ASSERT_EQ(::bind(echo.get(), at.get(), at.length), 0);
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(echo.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  const std::uint16_t port = ntohs(bound.sin_port);
  std::jthread answer([&] {
    pollfd fd{echo.get(), POLLIN, 0};
    if (::poll(&fd, 1, 2000) <= 0) return;
    char buffer[64];
    sockaddr_storage from{};
    socklen_t from_length = sizeof from;
    ::recvfrom(echo.get(), buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from),
               &from_length);
    const std::string reply("hi\r\n\x01\xff", 6);
    ::sendto(echo.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from),
             from_length);
  });
  const UdpServiceProber prober(TargetSet::parse("127.0.0.1", false), quick_settings());
  const auto outcome = prober.probe({ip("127.0.0.1")}, {{port, Transport::udp}});
  ASSERT_EQ(outcome.offers.size(), 1u);
  EXPECT_EQ(outcome.offers[0].state, PortState::open);
  EXPECT_EQ(outcome.offers[0].banner, "hi\\r\\n\\x01\\xff");
  EXPECT_EQ(outcome.offers[0].service, "");
  EXPECT_TRUE(outcome.observations.empty());
}

TEST(UdpServiceProber, RefusesAnAddressOutsideTheTargetsBeforeSending) {
  ScanSocket listener(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  const SocketAddress at = SocketAddress::of(ip("127.0.0.1"), 0);
  ASSERT_EQ(::bind(listener.get(), at.get(), at.length), 0);
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  const UdpServiceProber prober(TargetSet::parse("127.0.0.2", false), quick_settings());
  // The allowed-looking first address must not be probed either: the check comes first.
  EXPECT_THROW(
      prober.probe({ip("127.0.0.1"), ip("127.0.0.2")}, {{ntohs(bound.sin_port), Transport::udp}}),
      std::invalid_argument);
  char buffer[16];
  EXPECT_LT(::recv(listener.get(), buffer, sizeof buffer, 0), 0);
}

}  // namespace
}  // namespace iotscope

namespace iotscope {
namespace {

TEST(DescribeUdpReplies, NatPmpExternalAddressAnswer) {
  EXPECT_EQ(udp_probe_payloads(5351), std::vector<std::string>{std::string(2, '\0')});
  // version 0, opcode 128 (external address response), result 0, epoch 7, 11.77.0.1
  const std::string reply("\x00\x80\x00\x00\x00\x00\x00\x07\x0b\x4d\x00\x01", 12);
  ServiceOffer offer;
  offer.port = 5351;
  std::vector<Observation> observations;
  describe_udp_replies(5351, {reply}, offer, observations);
  EXPECT_EQ(offer.service, "nat-pmp");
  EXPECT_EQ(offer.info, "external address 11.77.0.1; result 0");
}

TEST(DescribeUdpReplies, SurvivesTruncatedAndRandomReplies) {
  const std::vector<std::pair<std::uint16_t, std::string>> valid = {
      {1900, kSsdpReply},
      {161, snmp_response("descr")},
      {123, ntp_monlist_reply()},
      {5683, std::string("\x60\x45\x1c\x05\xdd\x01\x02\xff", 8)},
      {5353, udp_probe_payloads(5353).at(0)}};
  std::uint32_t seed = 12345;
  for (const auto& [port, reply] : valid) {
    for (std::size_t cut = 0; cut <= reply.size(); ++cut) {
      ServiceOffer offer;
      std::vector<Observation> observations;
      describe_udp_replies(port, {reply.substr(0, cut)}, offer, observations);
    }
    for (int round = 0; round < 200; ++round) {
      std::string noise = reply;
      for (char& c : noise) {
        seed = seed * 1103515245 + 12345;
        if ((seed >> 16) % 8 == 0) c = static_cast<char>(seed >> 24);
      }
      ServiceOffer offer;
      std::vector<Observation> observations;
      describe_udp_replies(port, {noise}, offer, observations);
    }
  }
  SUCCEED();
}

}  // namespace
}  // namespace iotscope
