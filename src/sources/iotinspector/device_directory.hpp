#pragma once
// The devices known from the device tables, read-only while flows stream: which device keys
// exist, and which device of a home holds a LAN address.
#include <cstdint>
#include <optional>
#include <vector>

#include "model/device_key.hpp"
#include "model/device_record.hpp"
#include "model/ip_address.hpp"
#include "sources/iotinspector/flat_hash_map.hpp"

namespace iotscope {

class DeviceDirectory {
 public:
  DeviceDirectory() = default;
  explicit DeviceDirectory(const std::vector<DeviceRecord>& devices);

  bool contains(const DeviceKey& key) const { return known_.contains(key); }
  // The device of `home` at `ip`, other than `self`. Two devices that held one address (DHCP
  // churn) resolve to the smaller key, so every thread and run picks the same one.
  std::optional<std::uint64_t> device_at(std::uint64_t home, const IpAddress& ip,
                                         std::uint64_t self) const;

 private:
  struct HomeIp {
    std::uint64_t home = 0;
    IpAddress ip;
    bool operator==(const HomeIp&) const = default;
  };
  struct HomeIpHash {
    std::size_t operator()(const HomeIp& key) const noexcept {
      return static_cast<std::size_t>(key.home * 0x9E3779B97F4A7C15ULL ^ key.ip.hash());
    }
  };
  // The two smallest devices that held an address: enough to answer "a holder other than
  // self" without a list per address.
  struct Holders {
    std::uint64_t smallest = 0;
    std::uint64_t second = 0;
    std::uint8_t count = 0;  // distinct holders seen, at most 2
    void add(std::uint64_t device);
  };
  struct Known {};

  FlatHashMap<DeviceKey, Known, DeviceKeyHash> known_;
  FlatHashMap<HomeIp, Holders, HomeIpHash> by_ip_;
  // Most flows go to the Internet and device tables list LAN addresses only: such flows then
  // need no lookup in a table of a million addresses, which misses the cache every time.
  bool holds_non_local_ = false;
};

}  // namespace iotscope
