#include "analyses/scans.hpp"

#include <gtest/gtest.h>

#include "analyses/evidence.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

std::vector<Scan> scans_of(const Summaries& s, const std::vector<PortRole>& roles = {}) {
  return find_scans(s, RoleIndex(roles), {}, AnalysisConfig{});
}

TEST(Scans, SweepOverTwoAdjacentWindowsIsOneFinding) {
  Summaries s;
  s.scan_windows.push_back(sweep_window(dev(1), 1'700'000'040, 10, 12, 80));
  s.scan_windows.push_back(sweep_window(dev(1), 1'700'000'100, 22, 11, 80));
  const auto scans = scans_of(s);
  ASSERT_EQ(scans.size(), 1u);
  const auto& scan = scans[0];
  EXPECT_EQ(scan.kind, ScanKind::host_sweep);
  EXPECT_EQ(scan.scanner, dev(1));
  EXPECT_EQ(scan.targets.size(), 23u);
  EXPECT_EQ(scan.targets.front().address, ip("192.168.1.10"));
  EXPECT_EQ(scan.targets.back().address, ip("192.168.1.32"));
  EXPECT_EQ(scan.ports, std::vector<std::uint16_t>{80});
  EXPECT_DOUBLE_EQ(scan.start, 1'700'000'041);
  EXPECT_DOUBLE_EQ(scan.end, 1'700'000'150);
  EXPECT_EQ(scan.method, "");
  EXPECT_EQ(evidence_int(scan.evidence, "targets"), 23);
  EXPECT_EQ(evidence_int(scan.evidence, "windows"), 2);
  EXPECT_EQ(evidence_int(scan.evidence, "flows"), 23);
  EXPECT_GE(scan.confidence, 0.6);
}

TEST(Scans, SweepCutInHalfByAWindowBoundaryIsStillFound) {
  Summaries s;
  s.scan_windows.push_back(sweep_window(dev(1), 600, 10, 6, 80));
  s.scan_windows.push_back(sweep_window(dev(1), 660, 16, 6, 80));
  const auto scans = scans_of(s);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].targets.size(), 12u);
}

TEST(Scans, SweepsFarApartStaySeparate) {
  Summaries s;
  s.scan_windows.push_back(sweep_window(dev(1), 600, 10, 12, 80));
  s.scan_windows.push_back(sweep_window(dev(1), 6000, 10, 12, 443));
  const auto scans = scans_of(s);
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_EQ(scans[0].ports, std::vector<std::uint16_t>{80});
  EXPECT_EQ(scans[1].ports, std::vector<std::uint16_t>{443});
}

TEST(Scans, PortScanOfOneTarget) {
  Summaries s;
  ScanWindowSummary w;
  w.device = dev(2);
  w.window_start = 1200;
  w.first_ts = 1201;
  w.last_ts = 1230;
  w.targets.push_back(
      target("192.168.1.40", {21, 22, 23, 25, 80, 110, 139, 443, 445, 3389, 8080}, 7));
  s.scan_windows.push_back(w);
  const auto scans = scans_of(s);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].kind, ScanKind::port_scan);
  ASSERT_EQ(scans[0].targets.size(), 1u);
  EXPECT_EQ(scans[0].targets[0].address, ip("192.168.1.40"));
  EXPECT_EQ(scans[0].targets[0].peer_device, 7u);
  EXPECT_EQ(scans[0].ports.size(), 11u);
  EXPECT_EQ(scans[0].ports.front(), 21);
  EXPECT_EQ(scans[0].ports.back(), 8080);
  EXPECT_DOUBLE_EQ(scans[0].start, 1201);
  EXPECT_DOUBLE_EQ(scans[0].end, 1230);
}

TEST(Scans, DeviceTalkingToThreePeersIsNotFlagged) {
  Summaries s;
  for (int minute = 0; minute < 30; ++minute) {
    ScanWindowSummary w;
    w.device = dev(3);
    w.window_start = 60.0 * minute;
    w.first_ts = w.window_start + 2;
    w.last_ts = w.window_start + 58;
    w.targets.push_back(target("192.168.1.2", {8009}, 11));
    w.targets.push_back(target("192.168.1.3", {55443}, 12));
    w.targets.push_back(target("192.168.1.4", {80, 443}, 13));
    s.scan_windows.push_back(w);
  }
  EXPECT_TRUE(scans_of(s).empty());
}

TEST(Scans, KnownDevicesOnTheirServicePortsLowerConfidence) {
  Summaries s;
  ScanWindowSummary w;
  w.device = dev(4);
  w.window_start = 0;
  w.last_ts = 30;
  std::vector<PortRole> roles;
  for (std::uint64_t peer = 20; peer < 30; ++peer) {
    const std::string address = "192.168.1." + std::to_string(peer);
    w.targets.push_back(target(address.c_str(), {8009}, peer));
    PortRole role;
    role.device = dev(peer);
    role.port = 8009;
    role.role = Role::server;
    roles.push_back(role);
  }
  s.scan_windows.push_back(w);
  const auto benign = scans_of(s, roles);
  const auto unknown = scans_of(s);
  ASSERT_EQ(benign.size(), 1u);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_LT(benign[0].confidence, unknown[0].confidence);
  EXPECT_EQ(benign[0].evidence.back().first, "note");
  EXPECT_EQ(evidence_int(benign[0].evidence, "known_device_targets"), 10);
}

}  // namespace
}  // namespace iotscope
