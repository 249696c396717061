#pragma once
// A small open-addressing hash map (linear probing, power-of-two capacity, backward-shift
// erase) for the reader's hot lookups: one flat array, no node per entry, so inserting and
// erasing millions of short-lived keys costs no allocation and a probe touches one cache line.
// Pointers and references to values are invalidated by any insertion that grows the table and
// by erase; iteration is by slot index.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "util/hash.hpp"

namespace iotscope {

template <typename Key, typename Value, typename Hash>
class FlatHashMap {
 public:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return slots_.size(); }
  Slot& slot(std::size_t index) { return slots_[index]; }
  const Slot& slot(std::size_t index) const { return slots_[index]; }

  const Value* find(const Key& key) const {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home_of(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == key) return &s.value;
    }
  }
  Value* find(const Key& key) { return const_cast<Value*>(std::as_const(*this).find(key)); }
  bool contains(const Key& key) const { return find(key) != nullptr; }
  // Starts loading the slot where a lookup of `key` begins.
  void prefetch(const Key& key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home_of(key)]);
  }

  // The value for `key`, default-constructed when absent; `second` is true when it was added.
  std::pair<Value*, bool> try_emplace(const Key& key) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (std::size_t i = home_of(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) {
        s.used = true;
        s.key = key;
        ++size_;
        return {&s.value, true};
      }
      if (s.key == key) return {&s.value, false};
    }
  }

  // Empties slot `index`; entries after it may move into it (never to a later slot than
  // they held, except across the wrap-around), so a forward scan that erases re-reads `index`.
  void erase_at(std::size_t index) {
    std::size_t hole = index;
    for (std::size_t next = (hole + 1) & mask_;; next = (next + 1) & mask_) {
      Slot& s = slots_[next];
      if (!s.used) break;
      const std::size_t ideal = home_of(s.key);
      // Move `next` back into the hole unless its ideal slot lies cyclically in (hole, next].
      const bool stays = ((next - ideal) & mask_) < ((next - hole) & mask_);
      if (stays) continue;
      slots_[hole].key = std::move(s.key);
      slots_[hole].value = std::move(s.value);
      hole = next;
    }
    Slot& freed = slots_[hole];
    freed.used = false;
    freed.key = Key{};
    freed.value = Value{};
    --size_;
  }

  // Room for `count` entries without growing: one allocation instead of a series of regrowths,
  // each of which touches fresh memory.
  void reserve(std::size_t count) {
    std::size_t capacity = slots_.empty() ? 16 : slots_.size();
    while (count * 4 > capacity * 3) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity);
  }

  void clear() {
    slots_.clear();
    mask_ = 0;
    size_ = 0;
  }

 private:
  std::size_t home_of(const Key& key) const {
    return static_cast<std::size_t>(mix64(static_cast<std::uint64_t>(Hash{}(key)))) & mask_;
  }

  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_ = std::vector<Slot>(capacity);
    mask_ = capacity - 1;
    size_ = 0;
    for (Slot& s : old) {
      if (!s.used) continue;
      *try_emplace(s.key).first = std::move(s.value);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace iotscope
