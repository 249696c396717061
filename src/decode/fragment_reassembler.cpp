#include "decode/fragment_reassembler.hpp"

#include <algorithm>
#include <cstring>

namespace iotscope {
namespace {

constexpr std::uint32_t kUnit = 8;  // fragment offsets count 8-byte units

Reassembly rejected(const char* issue) {
  Reassembly result;
  result.status = Reassembly::Status::rejected;
  result.issue = issue;
  return result;
}

bool unit_covered(const std::vector<std::uint64_t>& bits, std::uint32_t unit) {
  return ((bits[unit / 64] >> (unit % 64)) & 1U) != 0;
}

}  // namespace

FragmentReassembler::FragmentReassembler(FragmentLimits limits)
    : limits_(limits), slots_(std::max<std::size_t>(limits.max_reassemblies, 1)) {
  limits_.max_reassemblies = slots_.size();
}

std::size_t FragmentReassembler::bitmap_words() const {
  return (limits_.max_datagram_bytes + kUnit * 64 - 1) / (kUnit * 64);
}

std::size_t FragmentReassembler::memory_bound() const {
  return limits_.max_reassemblies *
         (kHeaderRoom + limits_.max_datagram_bytes + bitmap_words() * sizeof(std::uint64_t));
}

std::size_t FragmentReassembler::reserved_bytes() const {
  std::size_t bytes = 0;
  for (const Slot& slot : slots_) {
    bytes += slot.data.capacity() + slot.covered.capacity() * sizeof(std::uint64_t);
  }
  return bytes;
}

std::size_t FragmentReassembler::active_reassemblies() const {
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.active; }));
}

void FragmentReassembler::expire(std::int64_t ts_ns) {
  for (Slot& slot : slots_) {
    if (slot.active && ts_ns - slot.first_ts_ns > limits_.timeout_ns) {
      slot.active = false;
      ++timed_out_;
    }
  }
}

// Buffers are sized once per slot and reused, so steady-state reassembly allocates nothing.
void FragmentReassembler::start(Slot& slot, const FragmentKey& key, std::int64_t ts_ns) {
  if (slot.data.empty()) {
    slot.data.resize(kHeaderRoom + limits_.max_datagram_bytes);
    slot.covered.resize(bitmap_words());
  }
  std::fill(slot.covered.begin(), slot.covered.end(), 0);
  slot.active = true;
  slot.key = key;
  slot.first_ts_ns = ts_ns;
  slot.total = 0;
  slot.total_known = false;
  slot.covered_units = 0;
  slot.next_protocol = 0;
}

FragmentReassembler::Slot& FragmentReassembler::slot_for(const FragmentKey& key,
                                                         std::int64_t ts_ns) {
  for (Slot& slot : slots_) {
    if (slot.active && slot.key == key) return slot;
  }
  expire(ts_ns);
  Slot* chosen = nullptr;
  for (Slot& slot : slots_) {
    if (!slot.active) {
      chosen = &slot;
      break;
    }
    if (chosen == nullptr || slot.first_ts_ns < chosen->first_ts_ns) chosen = &slot;
  }
  if (chosen->active) ++evicted_;
  start(*chosen, key, ts_ns);
  return *chosen;
}

void FragmentReassembler::copy_uncovered(Slot& slot, std::uint32_t offset,
                                         std::span<const std::uint8_t> data) {
  const auto end = static_cast<std::uint32_t>(offset + data.size());
  for (std::uint32_t unit = offset / kUnit; unit * kUnit < end; ++unit) {
    if (unit_covered(slot.covered, unit)) continue;
    const std::uint32_t begin = unit * kUnit;
    const std::uint32_t length = std::min(kUnit, end - begin);
    std::memcpy(slot.data.data() + kHeaderRoom + begin, data.data() + (begin - offset), length);
    slot.covered[unit / 64] |= std::uint64_t{1} << (unit % 64);
    ++slot.covered_units;
  }
}

Reassembly FragmentReassembler::add(const FragmentPiece& piece) {
  const std::size_t end = std::size_t{piece.offset} + piece.data.size();
  if (piece.offset % kUnit != 0) return rejected("fragment offset not a multiple of 8");
  if (piece.more_fragments && piece.data.size() % kUnit != 0) {
    return rejected("non-final fragment length not a multiple of 8");
  }
  Slot& slot = slot_for(piece.key, piece.ts_ns);
  const auto drop = [&slot](const char* issue) {
    slot.active = false;
    return rejected(issue);
  };
  if (end > limits_.max_datagram_bytes) return drop("fragment ends beyond the reassembly limit");
  if (slot.total_known && end > slot.total) return drop("fragment beyond the final fragment");
  if (!piece.more_fragments) {
    if (slot.total_known && end != slot.total) return drop("two different final fragments");
    // Units already covered past this end would mean data after the datagram's end.
    const auto last_unit = static_cast<std::uint32_t>((end + kUnit - 1) / kUnit);
    for (std::uint32_t unit = last_unit; unit < slot.covered.size() * 64; ++unit) {
      if (unit_covered(slot.covered, unit)) return drop("data beyond the final fragment");
      if (unit % 64 == 0 && slot.covered[unit / 64] == 0) unit += 63;
    }
    slot.total = static_cast<std::uint32_t>(end);
    slot.total_known = true;
  }
  if (piece.offset == 0) slot.next_protocol = piece.next_protocol;
  copy_uncovered(slot, piece.offset, piece.data);
  if (!slot.total_known || slot.covered_units != (slot.total + kUnit - 1) / kUnit) {
    return Reassembly{};
  }
  slot.active = false;
  Reassembly result;
  result.status = Reassembly::Status::complete;
  result.datagram = std::span<const std::uint8_t>(slot.data.data() + kHeaderRoom, slot.total);
  result.header_room = std::span<std::uint8_t>(slot.data.data(), kHeaderRoom);
  result.next_protocol = slot.next_protocol;
  return result;
}

}  // namespace iotscope
