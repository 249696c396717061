// A capture read learns at most N devices; devices seen only unanswered may take three quarters,
// so answered connections, converted when they end, still find room after a flood.
#include "sources/pcap/device_budget.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

DeviceKey device(std::uint64_t id) {
  return DeviceKey{1, id};
}

TEST(DeviceBudget, KeepsTheFirstDevicesAndAdmitsThemAgain) {
  DeviceBudget budget(8);
  for (std::uint64_t id = 0; id < 8; ++id) EXPECT_TRUE(budget.admit(device(id), true)) << id;
  EXPECT_FALSE(budget.refused_any());
  EXPECT_FALSE(budget.admit(device(100), true));
  EXPECT_TRUE(budget.refused_any());
  EXPECT_TRUE(budget.admit(device(3), false));  // known devices are always admitted
  EXPECT_EQ(budget.admitted(), 8U);
}

TEST(DeviceBudget, UnansweredDevicesLeaveAQuarterForAnsweredOnes) {
  DeviceBudget budget(8);
  for (std::uint64_t id = 0; id < 6; ++id) EXPECT_TRUE(budget.admit(device(id), false)) << id;
  EXPECT_FALSE(budget.admit(device(6), false));
  EXPECT_TRUE(budget.admit(device(7), true));
  EXPECT_TRUE(budget.admit(device(8), true));
  EXPECT_FALSE(budget.admit(device(9), true));
  EXPECT_EQ(budget.admitted(), 8U);
}

TEST(DeviceBudget, ZeroMeansNoLimit) {
  DeviceBudget budget(0);
  for (std::uint64_t id = 0; id < 10'000; ++id) ASSERT_TRUE(budget.admit(device(id), false));
  EXPECT_FALSE(budget.refused_any());
}

}  // namespace
}  // namespace iotscope
