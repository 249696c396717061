#pragma once
// Bounded IP fragment reassembly for IPv4 and IPv6. Memory never exceeds
// max_reassemblies * (max_datagram_bytes + its coverage bitmap): buffers are reserved once per
// slot, a full table evicts its oldest reassembly, and stale ones time out. Overlapping bytes
// keep the copy that arrived first, so a retransmitted or overlapping fragment cannot rewrite
// data already seen.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace iotscope {

struct FragmentLimits {
  std::size_t max_reassemblies = 64;
  std::size_t max_datagram_bytes = 65535;  // fragmentable part, after the IP header
  std::int64_t timeout_ns = 30'000'000'000;
};

// What identifies one datagram: RFC 791 (src, dst, protocol, id) and RFC 8200 (src, dst, id).
struct FragmentKey {
  std::array<std::uint8_t, 16> src{};
  std::array<std::uint8_t, 16> dst{};
  std::uint32_t id = 0;
  std::uint8_t protocol = 0;  // IPv4 only; 0 for IPv6
  std::uint8_t ip_version = 0;
  bool operator==(const FragmentKey&) const = default;
};

struct FragmentPiece {
  FragmentKey key;
  std::uint32_t offset = 0;  // bytes into the fragmentable part
  bool more_fragments = false;
  std::uint8_t next_protocol = 0;  // protocol of the fragmentable part (meaningful at offset 0)
  std::span<const std::uint8_t> data;
  std::int64_t ts_ns = 0;
};

struct Reassembly {
  enum class Status : std::uint8_t { incomplete, complete, rejected };
  Status status = Status::incomplete;
  std::span<const std::uint8_t> datagram;  // complete: valid until the next add()
  // complete: kHeaderRoom writable bytes right before `datagram`, where the caller puts the IP
  // header back so the whole rebuilt packet is contiguous.
  std::span<std::uint8_t> header_room;
  std::uint8_t next_protocol = 0;  // complete: from the offset-0 fragment
  const char* issue = nullptr;     // rejected: why
};

class FragmentReassembler {
 public:
  // Room for the IPv4 header or the IPv6 unfragmentable part in front of a rebuilt datagram.
  static constexpr std::size_t kHeaderRoom = 512;

  explicit FragmentReassembler(FragmentLimits limits = {});

  Reassembly add(const FragmentPiece& piece);

  std::size_t active_reassemblies() const;
  std::size_t reserved_bytes() const;  // bytes held in slot buffers now
  std::size_t memory_bound() const;    // reserved_bytes() never exceeds this
  std::uint64_t evicted() const { return evicted_; }
  std::uint64_t timed_out() const { return timed_out_; }

 private:
  struct Slot {
    bool active = false;
    FragmentKey key;
    std::int64_t first_ts_ns = 0;
    std::uint32_t total = 0;  // datagram length once the last fragment arrived
    bool total_known = false;
    std::uint32_t covered_units = 0;  // 8-byte units present
    std::uint8_t next_protocol = 0;
    std::vector<std::uint8_t> data;
    std::vector<std::uint64_t> covered;  // one bit per 8-byte unit
  };

  Slot& slot_for(const FragmentKey& key, std::int64_t ts_ns);
  void expire(std::int64_t ts_ns);
  void start(Slot& slot, const FragmentKey& key, std::int64_t ts_ns);
  void copy_uncovered(Slot& slot, std::uint32_t offset, std::span<const std::uint8_t> data);
  std::size_t bitmap_words() const;

  FragmentLimits limits_;
  std::vector<Slot> slots_;
  std::uint64_t evicted_ = 0;
  std::uint64_t timed_out_ = 0;
};

}  // namespace iotscope
