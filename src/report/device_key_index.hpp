#pragma once
// Device key -> position of its record, as a sorted flat vector. The writers look a key up once
// per finding line, and findings come sorted by device: a binary search then walks the same few
// cache lines again and again, where a hash table (node-based or flat) missed the cache on nearly
// every lookup.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/device_key.hpp"

namespace iotscope {

class DeviceKeyIndex {
 public:
  DeviceKeyIndex() = default;

  // keys[i] names position i; of a duplicated key, the first position wins.
  explicit DeviceKeyIndex(const std::vector<DeviceKey>& keys) {
    entries_.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) entries_.push_back({keys[i], i});
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const Entry& a, const Entry& b) { return a.key < b.key; });
    entries_.erase(std::unique(entries_.begin(), entries_.end(),
                               [](const Entry& a, const Entry& b) { return a.key == b.key; }),
                   entries_.end());
  }

  std::optional<std::size_t> find(const DeviceKey& key) const {
    const auto it = std::lower_bound(
        entries_.begin(), entries_.end(), key,
        [](const Entry& entry, const DeviceKey& wanted) { return entry.key < wanted; });
    if (it == entries_.end() || !(it->key == key)) return std::nullopt;
    return it->position;
  }

  bool contains(const DeviceKey& key) const { return find(key).has_value(); }

 private:
  struct Entry {
    DeviceKey key;
    std::size_t position = 0;
  };
  std::vector<Entry> entries_;
};

}  // namespace iotscope
