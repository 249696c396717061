#include "sources/iotinspector/flat_hash_map.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <unordered_map>

#include "sources/iotinspector/device_directory.hpp"

namespace iotscope {
namespace {

// Few distinct hashes: long probe runs that wrap around the table end, the hard case for
// backward-shift erase.
struct ClusteringHash {
  std::size_t operator()(std::uint64_t key) const noexcept { return key % 7; }
};

TEST(FlatHashMap, MatchesAStandardMapThroughInsertsAndErases) {
  FlatHashMap<std::uint64_t, std::uint64_t, ClusteringHash> flat;
  std::unordered_map<std::uint64_t, std::uint64_t> reference;
  std::mt19937_64 random(42);
  for (int step = 0; step < 20000; ++step) {
    const std::uint64_t key = random() % 300;
    if (random() % 3 != 0) {
      auto [value, added] = flat.try_emplace(key);
      EXPECT_EQ(added, !reference.contains(key));
      *value += key + 1;
      reference[key] += key + 1;
    } else {
      for (std::size_t i = 0; i < flat.capacity(); ++i) {
        if (flat.slot(i).used && flat.slot(i).key == key) {
          flat.erase_at(i);
          break;
        }
      }
      reference.erase(key);
    }
    ASSERT_EQ(flat.size(), reference.size());
  }
  for (const auto& [key, value] : reference) {
    const std::uint64_t* found = flat.find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value);
  }
  for (std::uint64_t key = 0; key < 300; ++key)
    EXPECT_EQ(flat.contains(key), reference.contains(key)) << key;
}

TEST(FlatHashMap, ForwardScanThatErasesVisitsEveryEntry) {
  FlatHashMap<std::uint64_t, std::uint64_t, ClusteringHash> flat;
  for (std::uint64_t key = 0; key < 100; ++key) *flat.try_emplace(key).first = key;
  std::uint64_t erased_sum = 0;
  for (std::size_t i = 0; i < flat.capacity();) {
    if (flat.slot(i).used && flat.slot(i).key % 2 == 0) {
      erased_sum += flat.slot(i).value;
      flat.erase_at(i);
    } else {
      ++i;
    }
  }
  EXPECT_EQ(erased_sum, 2450U);  // 0 + 2 + ... + 98
  EXPECT_EQ(flat.size(), 50U);
  for (std::uint64_t key = 0; key < 100; ++key) EXPECT_EQ(flat.contains(key), key % 2 == 1);
}

DeviceRecord device_at_ip(std::uint64_t home, std::uint64_t device, const char* ip) {
  DeviceRecord record;
  record.key = DeviceKey{home, device};
  record.ip = *IpAddress::parse(ip);
  return record;
}

TEST(DeviceDirectory, SharedAddressResolvesToTheSmallestOtherHolder) {
  const DeviceDirectory directory(
      {device_at_ip(1, 30, "192.168.1.5"), device_at_ip(1, 10, "192.168.1.5"),
       device_at_ip(1, 20, "192.168.1.5"), device_at_ip(1, 10, "192.168.1.5"),
       device_at_ip(2, 40, "192.168.1.6")});
  const auto ip = *IpAddress::parse("192.168.1.5");
  EXPECT_EQ(directory.device_at(1, ip, 99), std::optional<std::uint64_t>(10));
  EXPECT_EQ(directory.device_at(1, ip, 10), std::optional<std::uint64_t>(20));
  EXPECT_EQ(directory.device_at(1, ip, 20), std::optional<std::uint64_t>(10));
  EXPECT_EQ(directory.device_at(2, ip, 99), std::nullopt);
  const auto other = *IpAddress::parse("192.168.1.6");
  EXPECT_EQ(directory.device_at(2, other, 40), std::nullopt);
  EXPECT_EQ(directory.device_at(2, other, 1), std::optional<std::uint64_t>(40));
  EXPECT_TRUE(directory.contains(DeviceKey{1, 30}));
  EXPECT_FALSE(directory.contains(DeviceKey{2, 30}));
}

// Homes on IPv6 or with ISP addresses on the LAN list devices at global addresses: peers there
// are found too, while a directory of LAN addresses only answers for Internet addresses at once.
TEST(DeviceDirectory, DevicesAtGlobalAddressesAreStillFound) {
  const auto global = *IpAddress::parse("2001:db8::5");
  const DeviceDirectory with_global(
      {device_at_ip(1, 10, "2001:db8::5"), device_at_ip(1, 20, "192.168.1.7")});
  EXPECT_EQ(with_global.device_at(1, global, 20), std::optional<std::uint64_t>(10));
  EXPECT_EQ(with_global.device_at(1, *IpAddress::parse("192.168.1.7"), 10),
            std::optional<std::uint64_t>(20));
  EXPECT_EQ(with_global.device_at(1, *IpAddress::parse("8.8.8.8"), 20), std::nullopt);
  const DeviceDirectory lan_only({device_at_ip(1, 20, "192.168.1.7")});
  EXPECT_EQ(lan_only.device_at(1, global, 10), std::nullopt);
  EXPECT_EQ(lan_only.device_at(1, *IpAddress::parse("192.168.1.7"), 10),
            std::optional<std::uint64_t>(20));
}

}  // namespace
}  // namespace iotscope
