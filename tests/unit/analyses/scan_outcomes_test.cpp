#include "analyses/scan_outcomes.hpp"

#include <gtest/gtest.h>

#include "analyses/arp_sweeps.hpp"
#include "analyses/evidence.hpp"
#include "analyses/scans.hpp"
#include "summaries_builder.hpp"

namespace iotscope {
namespace {

using namespace test;

// A window of `count` targets whose connections were all rejected (or all answered).
ScanWindowSummary outcome_window(DeviceKey device, double start, int first, int count,
                                 bool answered) {
  ScanWindowSummary w = sweep_window(device, start, first, count, 22);
  for (auto& t : w.targets) {
    t.flows_outcome_known = t.flows;
    t.flows_rejected_or_unanswered = answered ? 0 : t.flows;
  }
  return w;
}

Observation probes(DeviceKey device, double start, std::map<std::string, std::string> counts) {
  Observation o;
  o.device = device;
  o.ts = start;
  o.kind = "scan_probes";
  o.fields = std::move(counts);
  o.fields["window_end"] = std::to_string(start + 60);
  return o;
}

std::vector<Scan> scans_of(const Summaries& s, const std::vector<Observation>& observations) {
  return find_scans(s, RoleIndex({}), observations, AnalysisConfig{});
}

TEST(ScanOutcomes, FiveFailedFirstContactsAreAScanBelowTheCountThreshold) {
  Summaries s;
  s.scan_windows.push_back(outcome_window(dev(1), 1'700'000'000, 10, 5, false));
  const auto scans = scans_of(s, {probes(dev(1), 1'700'000'000, {{"syn", "5"}})});
  ASSERT_EQ(scans.size(), 1U);  // 5 targets: far below sweep_min_targets (10)
  EXPECT_EQ(scans[0].kind, ScanKind::host_sweep);
  EXPECT_EQ(scans[0].targets.size(), 5U);
  EXPECT_EQ(scans[0].method, "syn");
  EXPECT_EQ(evidence_int(scans[0].evidence, "trw_decided_after_targets"), 4);
  EXPECT_DOUBLE_EQ(scans[0].confidence, 0.9);
}

TEST(ScanOutcomes, AnsweredContactsAreNoScan) {
  Summaries s;
  s.scan_windows.push_back(outcome_window(dev(1), 1'700'000'000, 10, 6, true));
  EXPECT_TRUE(scans_of(s, {}).empty());
}

TEST(ScanOutcomes, UnknownOutcomesLeaveTheCountRulesAlone) {
  Summaries s;
  s.scan_windows.push_back(sweep_window(dev(1), 1'700'000'000, 10, 5, 22));  // no outcomes
  EXPECT_TRUE(scans_of(s, {}).empty());
  s.scan_windows.push_back(sweep_window(dev(1), 1'700'000'060, 20, 12, 22));
  const auto scans = scans_of(s, {});
  ASSERT_EQ(scans.size(), 1U);
  for (const auto& [name, value] : scans[0].evidence) EXPECT_NE(name, "trw_decision");
}

TEST(ScanOutcomes, ThresholdScanGetsTheWalkAsEvidence) {
  Summaries s;
  s.scan_windows.push_back(outcome_window(dev(1), 1'700'000'000, 10, 12, false));
  const auto scans = scans_of(s, {probes(dev(1), 1'700'000'000, {{"tcp", "3"}, {"connect", "9"}})});
  ASSERT_EQ(scans.size(), 1U);
  EXPECT_EQ(scans[0].method, "connect");
  EXPECT_EQ(evidence_int(scans[0].evidence, "trw_failed_first_contacts"), 12);
}

TEST(ScanOutcomes, ClosedPortProbesAloneNameTheAmbiguousTcpMethod) {
  std::vector<Scan> scans(1);
  scans[0].scanner = dev(3);
  scans[0].start = 1'700'000'010;
  scans[0].end = 1'700'000'020;
  name_scan_methods({probes(dev(3), 1'700'000'000, {{"tcp", "40"}}),
                     probes(dev(3), 1'700'009'000, {{"udp", "400"}})},  // another time
                    scans);
  EXPECT_EQ(scans[0].method, "tcp");
}

Observation arp(DeviceKey device, double ts, int first, int count) {
  Observation o;
  o.device = device;
  o.ts = ts;
  o.kind = "arp_requests";
  std::string list;
  for (int i = 0; i < count; ++i) {
    list += (i ? "," : "") + std::string("10.0.0.") + std::to_string(first + i);
  }
  o.fields = {{"last_ts", std::to_string(ts + 30)},
              {"targets", std::to_string(count)},
              {"target_list", list}};
  return o;
}

TEST(ArpSweeps, AdjacentWindowsMergeIntoOneSweep) {
  const auto scans =
      find_arp_sweeps({arp(dev(2), 1'700'000'000, 1, 6), arp(dev(2), 1'700'000'060, 7, 6),
                       arp(dev(4), 1'700'000'000, 1, 3)},
                      AnalysisConfig{});
  ASSERT_EQ(scans.size(), 1U);
  EXPECT_EQ(scans[0].scanner, dev(2));
  EXPECT_EQ(scans[0].method, "arp");
  EXPECT_EQ(scans[0].targets.size(), 12U);
  EXPECT_EQ(scans[0].targets.front().address, ip("10.0.0.1"));
  EXPECT_DOUBLE_EQ(scans[0].end, 1'700'000'090);
  EXPECT_EQ(evidence_int(scans[0].evidence, "windows"), 2);
}

TEST(ArpSweeps, DistantWindowsDoNotAddUp) {
  const auto scans = find_arp_sweeps(
      {arp(dev(2), 1'700'000'000, 1, 6), arp(dev(2), 1'700'005'000, 7, 6)}, AnalysisConfig{});
  EXPECT_TRUE(scans.empty());
}

}  // namespace
}  // namespace iotscope
