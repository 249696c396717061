#pragma once
// The bidirectional flow table: turns decoded packets into Zeek-compatible connections.
// Time comes only from packet timestamps. Memory is bounded by FlowTableConfig::max_connections;
// past it the table evicts, preferring connections whose responder never answered, so a SYN
// flood cannot crowd out real traffic. Steady state allocates nothing per packet.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "decode/decoded_packet.hpp"
#include "flows/connection.hpp"
#include "flows/flow_index.hpp"
#include "flows/flow_table_config.hpp"
#include "flows/likely_server_ports.hpp"
#include "flows/payload_hook.hpp"
#include "flows/tcp_tracker.hpp"
#include "flows/tracked_flow.hpp"

namespace iotscope {

struct FlowTableStats {
  std::uint64_t packets = 0;
  std::uint64_t ignored_packets = 0;  // not IP, or a protocol the table does not track
  std::uint64_t connections_opened = 0;
  std::uint64_t connections_emitted = 0;
  std::uint64_t evictions = 0;
  std::uint64_t evicted_unanswered = 0;  // evicted while the responder had sent nothing
  std::uint64_t max_tracked = 0;
  std::uint64_t out_of_order_segments = 0;  // TCP payload not handed to inspection
};

class FlowTable {
 public:
  FlowTable(FlowTableConfig config, ConnectionSink sink, PayloadHook* hook = nullptr,
            LikelyServerPorts likely_server_ports = LikelyServerPorts::defaults());

  void process(const DecodedPacket& packet);
  // The same for a run of packets, loading index slots and records a few packets ahead so the
  // memory latency of a large table overlaps with work.
  void process(std::span<const DecodedPacket> packets);
  // The same, with each packet's network time given (the latest timestamp of the whole capture
  // so far, which a worker seeing only some of the packets cannot know by itself).
  void process(std::span<const DecodedPacket> packets, std::span<const std::int64_t> network_ns);
  // Whether process() would track the packet (IP of a tracked transport) rather than ignore it.
  bool tracks(const DecodedPacket& packet) const;
  // Moves network time forward (never back), e.g. to the end of input before flush_all().
  void advance_to(std::int64_t now_ns) { now_ns_ = std::max(now_ns_, now_ns); }
  // Emits every connection whose timers ran out by `now_ns` (packets call this implicitly).
  void expire(std::int64_t now_ns);
  // End of input: emits every connection still tracked.
  void flush_all();
  // The same (those whose timers ran out end with their deadline as close time, the rest now), in
  // order of (close time, start time, uid, originator address and port, responder address and
  // port, IP protocol): the order FlowWorkers hands connections on in. `after_each` runs after
  // each one's emission.
  void flush_all_in_order(const std::function<void()>& after_each);

  std::uint32_t tracked() const { return index_.size(); }
  std::uint32_t max_connections() const { return config_.max_connections; }
  const FlowTableStats& stats() const { return stats_; }

 private:
  struct PacketKey {
    IpAddress src;
    IpAddress dst;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint8_t protocol = 0;
    Transport transport = Transport::other;
    bool one_way = false;
  };
  struct Found {
    std::uint32_t record = FlowIndex::kEmpty;
    bool from_originator = true;
  };

  // The packet's connection hash, or 0 for packets the table ignores.
  std::uint64_t hash_for(const DecodedPacket& packet) const;
  void process_hashed(const DecodedPacket& packet, std::uint64_t hash);
  static PacketKey key_of(const DecodedPacket& packet, Transport transport);
  static std::uint64_t hash_of(const PacketKey& key);
  Found find(const PacketKey& key, std::uint32_t tag) const;
  std::uint32_t open(const PacketKey& key, std::uint64_t hash, const DecodedPacket& packet,
                     bool& from_originator);
  bool should_flip(const PacketKey& key, const DecodedPacket& packet) const;
  std::uint32_t allocate_record();
  void evict_one();
  void emit(std::uint32_t id, CloseReason reason);
  // Why a connection whose timer ran out ends: its close completed, or it timed out.
  CloseReason timer_reason(const TrackedFlow& r) const;
  void update(std::uint32_t id, const DecodedPacket& packet, bool from_originator);
  void hand_payload(TrackedFlow& record, bool from_originator, std::span<const std::uint8_t> bytes,
                    const DecodedPacket& packet);
  void refresh_deadline(TrackedFlow& record);
  bool expired_at_listed(std::uint32_t id);
  std::int64_t inactivity_ns(Transport transport) const;
  // The table's own expiry checks, when config_.full_sweeps.
  void sweep();
  void sweep_some();
  const Connection& snapshot(const TrackedFlow& record);

  FlowTableConfig config_;
  ConnectionSink sink_;
  PayloadHook* hook_;
  LikelyServerPorts likely_server_ports_;
  TcpTimers tcp_timers_;
  FlowIndex index_;
  std::vector<TrackedFlow> pool_;
  // By record: a time no later than its expire_ns while it is live (its listed_expire_ns),
  // kNoDeadline when free. What the expiry sweeps read, 8 bytes a record instead of the
  // record's cache lines.
  static constexpr std::int64_t kNoDeadline = INT64_MAX;
  std::vector<std::int64_t> deadlines_;
  std::vector<std::uint32_t> free_;
  Connection scratch_;
  FlowTableStats stats_;
  std::int64_t now_ns_ = INT64_MIN;
  std::int64_t last_full_sweep_ns_ = INT64_MIN;
  std::uint32_t sweep_cursor_ = 0;
  std::uint32_t evict_cursor_ = 0;
};

}  // namespace iotscope
