#pragma once
// The identity of a device inside the pipeline: which home, and which device of that home.
// Both are hashes of the source's own identifiers, so keys from different files of one dataset
// agree without a shared dictionary.
#include <compare>
#include <cstdint>

namespace iotscope {

struct DeviceKey {
  std::uint64_t home = 0;
  std::uint64_t device = 0;
  auto operator<=>(const DeviceKey&) const = default;
};

struct DeviceKeyHash {
  std::size_t operator()(const DeviceKey& key) const noexcept {
    return static_cast<std::size_t>(key.home * 0x9E3779B97F4A7C15ULL ^
                                    (key.device + 0x632BE59BD9B4E019ULL));
  }
};

}  // namespace iotscope
