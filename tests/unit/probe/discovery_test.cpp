// SSDP and mDNS discovery inside namespaces the test builds: miniupnpd answers the M-SEARCH,
// a small mDNS responder (Python, joined to 224.0.0.251 on the router's lan0) answers the query.
#include <gtest/gtest.h>

#include <algorithm>

#include "gateway_lab.hpp"
#include "payload/dns_message.hpp"
#include "probe/mdns_discovery.hpp"
#include "probe/ssdp_discovery.hpp"
#include "probe_test_addresses.hpp"

namespace iotscope {
namespace {

using probe_test::GatewayLab;

using probe_test::in_lab_lan;

bool only_client(const IpAddress& address) {
  return address.to_string() == GatewayLab::kClientAddress;
}

// Answers legacy (non-5353 source port) mDNS queries unicast, as RFC 6762 section 6.7 asks.
constexpr const char* kMdnsResponder = R"PY(
import socket, struct
def name(n):
    return b''.join(bytes([len(p)]) + p.encode() for p in n.split('.')) + b'\0'
def rr(owner, rtype, data, cache_flush=False):
    return name(owner) + struct.pack('!HHIH', rtype, 0x8001 if cache_flush else 1, 120, len(data)) + data
inst = 'Lab TV._googlecast._tcp.local'
txt = b''.join(bytes([len(s)]) + s for s in [b'md=Chromecast Ultra', b'fn=Lab TV'])
answers = [rr('_services._dns-sd._udp.local', 12, name('_googlecast._tcp.local')),
           rr('_googlecast._tcp.local', 12, name(inst))]
extra = [rr(inst, 33, struct.pack('!HHH', 0, 0, 8009) + name('labtv.local'), True),
         rr(inst, 16, txt, True),
         rr('labtv.local', 1, socket.inet_aton('10.79.0.1'), True)]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 5353))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton('224.0.0.251') + socket.inet_aton('10.79.0.1'))
print('ready', flush=True)
while True:
    data, peer = s.recvfrom(9000)
    if len(data) < 12 or data[2] & 0x80 or peer[1] == 5353:
        continue
    ident, qd = struct.unpack('!H2xH', data[:6])
    header = struct.pack('!HHHHHH', ident, 0x8400, 0, len(answers), 0, len(extra))
    s.sendto(header + b''.join(answers) + b''.join(extra), peer)
)PY";

TEST(MdnsDiscoveryQuery, AsksForTheMetaQueryAndIotServiceTypes) {
  const auto query = mdns_discovery_query(0x1234);
  const auto message = parse_dns_message(query);
  ASSERT_TRUE(message) << message.error().message();
  EXPECT_FALSE(message->is_response);
  EXPECT_EQ(message->id, 0x1234);
  ASSERT_EQ(message->questions.size(), 11u);
  EXPECT_EQ(message->questions[0].name, "_services._dns-sd._udp.local");
  std::vector<std::string> names;
  for (const auto& q : message->questions) {
    EXPECT_EQ(q.type, dns_type::kPtr);
    names.push_back(q.name);
  }
  for (const char* type :
       {"_googlecast._tcp.local", "_airplay._tcp.local", "_hap._tcp.local", "_ipp._tcp.local",
        "_printer._tcp.local", "_http._tcp.local", "_spotify-connect._tcp.local",
        "_sonos._tcp.local", "_hue._tcp.local", "_amzn-wplay._tcp.local"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), type), names.end()) << type;
  }
}

class DiscoveryInNamespaces : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!probe_test::running_as_root()) GTEST_SKIP() << "needs root (network namespaces)";
    lab_ = std::make_unique<GatewayLab>();
  }
  DiscoveryOptions options() const {
    DiscoveryOptions o;
    o.interface_name = "eth0";
    o.wait = std::chrono::milliseconds(2000);
    return o;
  }
  void start_mdns_responder() {
    lab_->start_in_gateway({"/usr/bin/python3", "-u", "-c", kMdnsResponder}, "mdns.log");
    for (int i = 0; i < 50; ++i) {
      if (GatewayLab::read(lab_->dir() / "mdns.log").find("ready") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "mDNS responder did not start: " << GatewayLab::read(lab_->dir() / "mdns.log");
  }
  std::unique_ptr<GatewayLab> lab_;
};

TEST_F(DiscoveryInNamespaces, SsdpFindsTheGatewayAndReadsItsDescription) {
  SsdpDiscovery found;
  lab_->run_inside_lan([&] { found = discover_ssdp(options(), in_lab_lan); });
  ASSERT_FALSE(found.answers.empty());
  EXPECT_EQ(found.dropped_outside_targets, 0u);
  bool saw_igd = false;
  for (const auto& answer : found.answers) {
    EXPECT_EQ(answer.responder.to_string(), "10.79.0.1");
    EXPECT_EQ(answer.message.location, GatewayLab::kRootDescription);
    ASSERT_TRUE(answer.description);
    EXPECT_EQ(answer.description->friendly_name, "LabRouter");
    saw_igd |= answer.message.search_target ==
               "urn:schemas-upnp-org:device:InternetGatewayDevice:2";  // Debian builds IGDv2
  }
  EXPECT_TRUE(saw_igd) << [&] {
    std::string types;
    for (const auto& a : found.answers) types += a.message.search_target + " ";
    return types;
  }();
  const auto observations = ssdp_observations(found);
  ASSERT_EQ(observations.size(), found.answers.size());
  const Observation& o = observations.front();
  EXPECT_EQ(o.kind, "ssdp_name");
  EXPECT_EQ(o.peer.to_string(), "10.79.0.1");
  EXPECT_EQ(o.fields.at("address"), "10.79.0.1");
  EXPECT_EQ(o.fields.at("location"), GatewayLab::kRootDescription);
  EXPECT_NE(o.fields.at("server").find("MiniUPnPd/2.3.1"), std::string::npos)
      << o.fields.at("server");
  EXPECT_EQ(o.fields.at("friendly_name"), "LabRouter");
  EXPECT_EQ(o.fields.at("manufacturer"), "Lab Networks");
  EXPECT_EQ(o.fields.at("model_name"), "LabGate 5000");
  EXPECT_EQ(o.fields.at("model_number"), "5000-b");
  EXPECT_EQ(o.fields.count("serial_number"), 0u);
}

TEST_F(DiscoveryInNamespaces, SsdpDropsAnswersFromOutsideTargets) {
  SsdpDiscovery found;
  lab_->run_inside_lan([&] { found = discover_ssdp(options(), only_client); });
  EXPECT_TRUE(found.answers.empty());
  EXPECT_GT(found.dropped_outside_targets, 0u);
}

TEST_F(DiscoveryInNamespaces, MdnsCollectsNamesServicesAndModel) {
  start_mdns_responder();
  MdnsDiscovery found;
  lab_->run_inside_lan([&] { found = discover_mdns(options(), in_lab_lan); });
  ASSERT_EQ(found.responders.size(), 1u) << "unparsable answers: " << found.unparsable;
  const MdnsResponder& r = found.responders[0];
  EXPECT_EQ(r.address.to_string(), "10.79.0.1");
  EXPECT_EQ(r.services, std::vector<std::string>{"_googlecast._tcp.local"});
  // The DNS parser escapes bytes outside [A-Za-z0-9-_.] as on the passive path: " " -> \x20.
  EXPECT_EQ(r.instances, std::vector<std::string>{"Lab\\x20TV._googlecast._tcp.local"});
  EXPECT_EQ(r.names,
            (std::vector<std::string>{"Lab\\x20TV._googlecast._tcp.local", "labtv.local"}));
  EXPECT_EQ(r.model, "Chromecast Ultra");
  const auto observations = mdns_observations(found);
  ASSERT_EQ(observations.size(), 1u);
  EXPECT_EQ(observations[0].kind, "mdns_name");
  EXPECT_EQ(observations[0].fields.at("names"), "Lab\\x20TV._googlecast._tcp.local,labtv.local");
  EXPECT_EQ(observations[0].fields.at("services"), "_googlecast._tcp.local");
  EXPECT_EQ(observations[0].fields.at("model"), "Chromecast Ultra");
  EXPECT_EQ(observations[0].fields.at("address"), "10.79.0.1");
}

TEST_F(DiscoveryInNamespaces, MdnsDropsAnswersFromOutsideTargets) {
  start_mdns_responder();
  MdnsDiscovery found;
  lab_->run_inside_lan([&] { found = discover_mdns(options(), only_client); });
  EXPECT_TRUE(found.responders.empty());
  EXPECT_GT(found.dropped_outside_targets, 0u);
}

TEST_F(DiscoveryInNamespaces, UnknownInterfaceIsAClearError) {
  lab_->run_inside_lan([&] {
    try {
      (void)discover_mdns(DiscoveryOptions{"nosuch0", std::chrono::milliseconds(100), 1, false},
                          in_lab_lan);
      ADD_FAILURE() << "expected an error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("nosuch0"), std::string::npos) << e.what();
    }
  });
}

}  // namespace
}  // namespace iotscope
