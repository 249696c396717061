#pragma once
// Open-addressing hash index from a connection's 32-bit hash tag to its pool slot: linear
// probing over 8-byte slots, backward-shift deletion (no tombstones), doubling at half load.
#include <cstdint>
#include <vector>

namespace iotscope {

class FlowIndex {
 public:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;

  explicit FlowIndex(std::uint32_t initial_capacity = 1024);

  // Calls matches(record) for each record with this tag until it returns true; returns that
  // record or kEmpty.
  template <typename Matches>
  std::uint32_t find(std::uint32_t tag, Matches&& matches) const {
    for (std::uint32_t pos = tag & mask_;; pos = (pos + 1) & mask_) {
      const Slot slot = slots_[pos];
      if (slot.record == kEmpty) return kEmpty;
      if (slot.tag == tag && matches(slot.record)) return slot.record;
    }
  }

  // Starts loading the slot a lookup of `tag` begins with.
  void prefetch(std::uint32_t tag) const { __builtin_prefetch(&slots_[tag & mask_]); }
  // The record in the tag's home slot when the tag matches there (a guess for prefetching).
  std::uint32_t home_record(std::uint32_t tag) const {
    const Slot slot = slots_[tag & mask_];
    return slot.tag == tag ? slot.record : kEmpty;
  }

  void insert(std::uint32_t tag, std::uint32_t record);
  void erase(std::uint32_t tag, std::uint32_t record);
  std::uint32_t size() const { return size_; }
  std::size_t capacity() const { return slots_.size(); }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t record = kEmpty;
  };
  void grow();

  std::vector<Slot> slots_;
  std::uint32_t mask_ = 0;
  std::uint32_t size_ = 0;
};

}  // namespace iotscope
