#include "analyses/candidates.hpp"

#include <gtest/gtest.h>

#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

Exposure inbound(DeviceKey device, std::uint16_t port, std::int64_t hosts, double confidence) {
  Exposure e;
  e.device = device;
  e.port = port;
  e.kind = "inbound";
  e.confidence = confidence;
  e.evidence = {{"distinct_external_hosts", EvidenceValue{hosts}}};
  return e;
}

TEST(Candidates, RankedByScoreWithReadableReasons) {
  Summaries s;
  // The sweeper used tcp/80 towards local hosts.
  s.remote_ports.push_back(
      remote_port(dev(1), 80, Transport::tcp, PeerScope::local_unknown, 42, 42, 42));
  AnalysisResult found;
  Scan sweep;
  sweep.scanner = dev(1);
  sweep.kind = ScanKind::host_sweep;
  sweep.ports = {80};
  sweep.confidence = 0.9;
  for (int i = 0; i < 42; ++i) sweep.targets.push_back({IpAddress::v4(0xC0A80100u + i), 0});
  found.scans.push_back(sweep);
  found.exposure.push_back(inbound(dev(2), 443, 57, 0.8));
  // Device 3 serves plaintext HTTP to devices 4 and 5.
  PortRole http;
  http.device = dev(3);
  http.port = 80;
  http.role = Role::server;
  http.confidence = 0.9;
  http.scope = "local";
  found.port_roles.push_back(http);
  for (const std::uint64_t peer : {4u, 5u}) {
    EncryptionEntry entry;
    entry.device = dev(3);
    entry.peer_scope = PeerScope::local_device;
    entry.peer_device = peer;
    entry.port = 80;
    entry.status = EncryptionStatus::plaintext;
    found.encryption.push_back(entry);
  }
  // Device 6 only has an unusual server port.
  PortRole odd;
  odd.device = dev(6);
  odd.port = 55443;
  odd.role = Role::server;
  odd.confidence = 0.5;
  odd.scope = "local";
  found.port_roles.push_back(odd);

  const RoleIndex roles(found.port_roles);
  const DeviceLookup directory({});
  const auto ranked = rank_candidates(s, found, roles, directory, AnalysisConfig{});
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].device, dev(1));
  EXPECT_DOUBLE_EQ(ranked[0].score, 9.0);
  EXPECT_EQ(ranked[0].reasons, std::vector<std::string>{"sweeps 42 local addresses on tcp/80"});
  EXPECT_EQ(ranked[1].device, dev(2));
  EXPECT_EQ(ranked[1].reasons, std::vector<std::string>{"serves tcp/443 to 57 Internet hosts"});
  EXPECT_EQ(ranked[2].device, dev(3));
  EXPECT_EQ(ranked[2].reasons,
            std::vector<std::string>{"serves plaintext http on tcp/80 to 2 local devices"});
  EXPECT_EQ(ranked[3].device, dev(6));
  EXPECT_DOUBLE_EQ(ranked[3].score, 0.5);
  EXPECT_EQ(ranked[3].reasons,
            std::vector<std::string>{"serves unusual port tcp/55443 (local clients)"});

  AnalysisConfig top_two;
  top_two.candidates = 2;
  EXPECT_EQ(rank_candidates(s, found, roles, directory, top_two).size(), 2u);
}

TEST(Candidates, NatHolesAndCriticalServicesNobodyUses) {
  AnalysisResult found;
  Exposure hole;
  hole.device = dev(7);
  hole.port = 18080;
  hole.kind = "upnp_mapping";
  hole.confidence = 0.99;
  found.exposure.push_back(hole);
  OfferedService telnet;
  telnet.device = dev(8);
  telnet.port = 23;
  telnet.service = "telnet";
  telnet.security_critical = true;
  found.measurement.active.critical_unused.push_back(telnet);
  const DeviceLookup directory({});
  const auto ranked =
      rank_candidates(Summaries{}, found, RoleIndex({}), directory, AnalysisConfig{});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].device, dev(7));
  EXPECT_DOUBLE_EQ(ranked[0].score, 6 * 0.99);
  EXPECT_EQ(ranked[0].reasons,
            std::vector<std::string>{"opened tcp/18080 in the gateway's NAT with UPnP"});
  EXPECT_EQ(ranked[1].device, dev(8));
  EXPECT_EQ(ranked[1].reasons,
            std::vector<std::string>{"offers telnet on tcp/23 and was never seen using it"});
}

TEST(Candidates, NoFindingsNoCandidates) {
  const AnalysisResult found;
  const DeviceLookup directory({});
  EXPECT_TRUE(
      rank_candidates(Summaries{}, found, RoleIndex({}), directory, AnalysisConfig{}).empty());
}

}  // namespace
}  // namespace iotscope
