#pragma once
// Records to bytes and back for a spill file (util/spill_file.hpp): fixed-layout values are
// copied whole, lists and text get a count first. Only this process reads what it wrote, so the
// layout is the machine's own; a short or inconsistent block still throws instead of reading
// past its end.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace iotscope {

class SpillEncoder {
 public:
  explicit SpillEncoder(std::vector<std::byte>& out) : out_(out) {}

  template <typename T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&v, sizeof(T));
  }
  template <typename T>
  void list(const std::vector<T>& items) {
    static_assert(std::is_trivially_copyable_v<T>);
    value(std::uint64_t{items.size()});
    bytes(items.data(), items.size() * sizeof(T));
  }
  void text(std::string_view s) {
    value(std::uint64_t{s.size()});
    bytes(s.data(), s.size());
  }

 private:
  void bytes(const void* data, std::size_t n) {
    if (n == 0) return;
    const std::size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, data, n);
  }
  std::vector<std::byte>& out_;
};

class SpillDecoder {
 public:
  explicit SpillDecoder(std::span<const std::byte> in) : in_(in) {}

  template <typename T>
  T value() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    std::memcpy(&v, take(sizeof(T)), sizeof(T));
    return v;
  }
  template <typename T>
  std::vector<T> list() {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto n = value<std::uint64_t>();
    if (n > remaining() / sizeof(T)) fail();
    std::vector<T> items(static_cast<std::size_t>(n));
    if (n > 0) std::memcpy(items.data(), take(items.size() * sizeof(T)), items.size() * sizeof(T));
    return items;
  }
  std::string text() {
    const auto n = value<std::uint64_t>();
    if (n > remaining()) fail();
    const auto* start = reinterpret_cast<const char*>(take(static_cast<std::size_t>(n)));
    return {start, static_cast<std::size_t>(n)};
  }
  // The number of items a list is about to have, checked against the bytes left for them.
  std::size_t count(std::size_t min_item_bytes) {
    const auto n = value<std::uint64_t>();
    if (min_item_bytes > 0 && n > remaining() / min_item_bytes) fail();
    return static_cast<std::size_t>(n);
  }
  std::size_t remaining() const { return in_.size() - at_; }

 private:
  const std::byte* take(std::size_t n) {
    if (n > remaining()) fail();
    const std::byte* p = in_.data() + at_;
    at_ += n;
    return p;
  }
  [[noreturn]] static void fail() {
    throw std::runtime_error("a block of the run's spill file is shorter than its contents");
  }
  std::span<const std::byte> in_;
  std::size_t at_ = 0;
};

}  // namespace iotscope
