#include "flows/flow_index.hpp"

#include <bit>

namespace iotscope {

FlowIndex::FlowIndex(std::uint32_t initial_capacity) {
  const std::uint32_t capacity = std::bit_ceil(initial_capacity < 16 ? 16u : initial_capacity);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
}

void FlowIndex::insert(std::uint32_t tag, std::uint32_t record) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  std::uint32_t pos = tag & mask_;
  while (slots_[pos].record != kEmpty) pos = (pos + 1) & mask_;
  slots_[pos] = Slot{tag, record};
  ++size_;
}

void FlowIndex::erase(std::uint32_t tag, std::uint32_t record) {
  std::uint32_t pos = tag & mask_;
  while (slots_[pos].record != record) {
    if (slots_[pos].record == kEmpty) return;
    pos = (pos + 1) & mask_;
  }
  // Shift later members of the probe run back so lookups never stop early.
  std::uint32_t hole = pos;
  for (std::uint32_t next = (hole + 1) & mask_;; next = (next + 1) & mask_) {
    const Slot slot = slots_[next];
    if (slot.record == kEmpty) break;
    const std::uint32_t home = slot.tag & mask_;
    const bool movable = ((next - home) & mask_) >= ((next - hole) & mask_);
    if (movable) {
      slots_[hole] = slot;
      hole = next;
    }
  }
  slots_[hole] = Slot{};
  --size_;
}

void FlowIndex::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  mask_ = static_cast<std::uint32_t>(slots_.size() - 1);
  for (const Slot& slot : old) {
    if (slot.record == kEmpty) continue;
    std::uint32_t pos = slot.tag & mask_;
    while (slots_[pos].record != kEmpty) pos = (pos + 1) & mask_;
    slots_[pos] = slot;
  }
}

}  // namespace iotscope
