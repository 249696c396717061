#include "engine/summaries_release.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

Summaries filled_summaries() {
  Summaries s;
  s.local_ports.resize(3);
  s.remote_ports.resize(4);
  s.edges.resize(5);
  s.scan_windows.resize(2);
  s.devices.resize(6);
  s.bytes_per_flow_local.flows[3] = 7;
  s.bytes_per_flow_external.flows[10] = 11;
  s.flows = 42;
  s.first_ts = 1000.5;
  s.last_ts = 2000.25;
  return s;
}

TEST(SummariesRelease, TablesAreFreedAndTotalsKept) {
  Summaries s = filled_summaries();
  release_tables(s);
  EXPECT_TRUE(s.local_ports.empty());
  EXPECT_TRUE(s.remote_ports.empty());
  EXPECT_TRUE(s.edges.empty());
  EXPECT_TRUE(s.scan_windows.empty());
  EXPECT_TRUE(s.devices.empty());
  // The memory is returned, not only the size set to zero.
  EXPECT_EQ(s.edges.capacity(), 0U);
  EXPECT_EQ(s.local_ports.capacity(), 0U);
  EXPECT_EQ(s.flows, 42U);
  EXPECT_DOUBLE_EQ(s.first_ts, 1000.5);
  EXPECT_DOUBLE_EQ(s.last_ts, 2000.25);
  EXPECT_EQ(s.bytes_per_flow_local.flows[3], 7U);
  EXPECT_EQ(s.bytes_per_flow_external.flows[10], 11U);
}

}  // namespace
}  // namespace iotscope
