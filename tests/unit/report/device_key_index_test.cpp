#include "report/device_key_index.hpp"

#include <gtest/gtest.h>

namespace iotscope {
namespace {

TEST(DeviceKeyIndex, FindsEachKeyAtItsPosition) {
  const std::vector<DeviceKey> keys{{7, 3}, {1, 9}, {7, 1}, {2, 2}};
  const DeviceKeyIndex index(keys);
  EXPECT_EQ(index.find({7, 3}), std::optional<std::size_t>(0));
  EXPECT_EQ(index.find({1, 9}), std::optional<std::size_t>(1));
  EXPECT_EQ(index.find({7, 1}), std::optional<std::size_t>(2));
  EXPECT_EQ(index.find({2, 2}), std::optional<std::size_t>(3));
}

TEST(DeviceKeyIndex, MissingKeysAreNotFound) {
  const DeviceKeyIndex index(std::vector<DeviceKey>{{1, 1}, {3, 3}});
  EXPECT_FALSE(index.find({2, 2}).has_value());
  EXPECT_FALSE(index.find({0, 0}).has_value());
  EXPECT_FALSE(index.find({9, 9}).has_value());
  EXPECT_FALSE(index.contains({1, 3}));
  EXPECT_FALSE(DeviceKeyIndex().contains({1, 1}));
}

TEST(DeviceKeyIndex, FirstPositionOfADuplicatedKeyWins) {
  const DeviceKeyIndex index(std::vector<DeviceKey>{{5, 5}, {4, 4}, {5, 5}, {5, 5}});
  EXPECT_EQ(index.find({5, 5}), std::optional<std::size_t>(0));
  EXPECT_EQ(index.find({4, 4}), std::optional<std::size_t>(1));
}

}  // namespace
}  // namespace iotscope
