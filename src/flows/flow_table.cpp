#include "flows/flow_table.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>
#include <utility>

#include "flows/icmp_ports.hpp"
#include "util/hash.hpp"
#include "util/prefetch.hpp"

namespace iotscope {
namespace {

// Records checked for expiry per packet.
constexpr std::uint32_t kSweepPerPacket = 1;
// Records looked at to choose an eviction victim; when none of them is unanswered the scan goes
// on, up to the limit, looking for one.
constexpr std::uint32_t kEvictionSample = 32;
constexpr std::uint32_t kEvictionScanLimit = 1024;

Transport transport_of(std::uint8_t protocol) {
  switch (protocol) {
    case ip_protocol::tcp:
      return Transport::tcp;
    case ip_protocol::udp:
      return Transport::udp;
    case ip_protocol::icmp:
    case ip_protocol::icmpv6:
      return Transport::icmp;
    default:
      return Transport::other;
  }
}

struct Words {
  std::uint64_t high;
  std::uint64_t low;
};

Words words_of(const IpAddress& ip) {
  Words w{};
  std::memcpy(&w.high, ip.bytes().data(), 8);
  std::memcpy(&w.low, ip.bytes().data() + 8, 8);
  return w;
}

bool endpoint_less(Words a, std::uint16_t a_port, Words b, std::uint16_t b_port) {
  if (a.high != b.high) return a.high < b.high;
  if (a.low != b.low) return a.low < b.low;
  return a_port < b_port;
}

std::uint64_t rotl(std::uint64_t v, int bits) {
  return (v << bits) | (v >> (64 - bits));
}

bool is_broadcast_destination(const IpAddress& ip) {
  return ip.is_multicast() || (ip.is_v4() && ip.v4_value() == 0xFFFFFFFFu) || ip.is_broadcast();
}

bool awaiting_answer(const TrackedFlow& r) {
  const TcpEndpointState os = r.tcp[0].state;
  return (os == TcpEndpointState::syn_sent || os == TcpEndpointState::syn_ack_sent) &&
         r.tcp[1].state == TcpEndpointState::inactive;
}

ZeekConnState udp_conn_state(const TrackedFlow& r) {
  const bool orig_active = r.pkts[0] > 0;
  const bool resp_active = r.pkts[1] > 0;
  if (orig_active) return resp_active ? ZeekConnState::SF : ZeekConnState::S0;
  return resp_active ? ZeekConnState::SHR : ZeekConnState::OTH;
}

}  // namespace

FlowTable::FlowTable(FlowTableConfig config, ConnectionSink sink, PayloadHook* hook,
                     LikelyServerPorts likely_server_ports)
    : config_(config),
      sink_(std::move(sink)),
      hook_(hook),
      likely_server_ports_(likely_server_ports),
      tcp_timers_{config.tcp_attempt_delay_ns, config.tcp_close_delay_ns} {
  if (config_.max_connections == 0) config_.max_connections = 1;
  // Sized once for the cap: untouched capacity costs address space, not memory, and the pool
  // never moves its records while it fills.
  pool_.reserve(config_.max_connections);
  deadlines_.reserve(config_.max_connections);
}

FlowTable::PacketKey FlowTable::key_of(const DecodedPacket& p, Transport transport) {
  PacketKey key{p.src_ip, p.dst_ip, 0, 0, p.ip_protocol, transport, false};
  if (transport == Transport::tcp || transport == Transport::udp) {
    key.src_port = p.src_port;
    key.dst_port = p.dst_port;
  } else if (transport == Transport::icmp) {
    const IcmpPorts ports =
        icmp_ports(p.ip_protocol == ip_protocol::icmpv6, p.icmp_type, p.icmp_code);
    key.src_port = ports.orig_port;
    key.dst_port = ports.resp_port;
    key.one_way = ports.one_way;
  }
  return key;
}

std::uint64_t FlowTable::hash_of(const PacketKey& key) {
  Words a = words_of(key.src);
  Words b = words_of(key.dst);
  std::uint16_t a_port = key.src_port;
  std::uint16_t b_port = key.dst_port;
  // Both directions of a connection hash alike, except one-way ICMP.
  if (!key.one_way && endpoint_less(b, b_port, a, a_port)) {
    std::swap(a, b);
    std::swap(a_port, b_port);
  }
  std::uint64_t h = a.high * 0x9E3779B97F4A7C15ULL;
  h ^= rotl(a.low * 0xC2B2AE3D27D4EB4FULL, 31);
  h ^= rotl(b.high * 0x165667B19E3779F9ULL, 17);
  h ^= rotl(b.low * 0xD6E8FEB86659FD93ULL, 43);
  h ^= (std::uint64_t{a_port} << 32 | std::uint64_t{b_port} << 16 | key.protocol |
        (key.one_way ? 0x100u : 0u)) *
       0xFF51AFD7ED558CCDULL;
  return mix64(h);
}

FlowTable::Found FlowTable::find(const PacketKey& key, std::uint32_t tag) const {
  Found found;
  found.record = index_.find(tag, [&](std::uint32_t id) {
    const TrackedFlow& r = pool_[id];
    if (r.ip_protocol != key.protocol || r.one_way != key.one_way) return false;
    if (r.orig_port == key.src_port && r.resp_port == key.dst_port && r.orig_ip == key.src &&
        r.resp_ip == key.dst) {
      found.from_originator = true;
      return true;
    }
    if (!r.one_way && r.orig_port == key.dst_port && r.resp_port == key.src_port &&
        r.orig_ip == key.dst && r.resp_ip == key.src) {
      found.from_originator = false;
      return true;
    }
    return false;
  });
  return found;
}

std::uint64_t FlowTable::hash_for(const DecodedPacket& packet) const {
  if (packet.kind != PacketKind::ip) return 0;
  const Transport transport = transport_of(packet.ip_protocol);
  if (transport == Transport::other && !config_.track_other_protocols) return 0;
  return hash_of(key_of(packet, transport));
}

void FlowTable::process(const DecodedPacket& packet) {
  process_hashed(packet, hash_for(packet));
}

void FlowTable::process(std::span<const DecodedPacket> packets) {
  process(packets, {});
}

bool FlowTable::tracks(const DecodedPacket& packet) const {
  return packet.kind == PacketKind::ip &&
         (config_.track_other_protocols || transport_of(packet.ip_protocol) != Transport::other);
}

void FlowTable::process(std::span<const DecodedPacket> packets,
                        std::span<const std::int64_t> network_ns) {
  // Three loads that miss the cache start ahead of the packet that needs them, each once the
  // one before it has arrived: the index slot, the record it names, the hook's state for it.
  constexpr std::size_t kSlotAhead = 8;
  constexpr std::size_t kRecordAhead = 4;
  constexpr std::size_t kHookAhead = 2;
  std::array<std::uint64_t, 16> hashes{};
  const std::size_t n = packets.size();
  for (std::size_t j = 0; j < std::min(kSlotAhead, n); ++j) {
    hashes[j & 15] = hash_for(packets[j]);
    index_.prefetch(static_cast<std::uint32_t>(hashes[j & 15] >> 32));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kSlotAhead < n) {
      const std::uint64_t h = hash_for(packets[i + kSlotAhead]);
      hashes[(i + kSlotAhead) & 15] = h;
      index_.prefetch(static_cast<std::uint32_t>(h >> 32));
    }
    if (i + kRecordAhead < n) {
      const std::uint32_t ahead =
          index_.home_record(static_cast<std::uint32_t>(hashes[(i + kRecordAhead) & 15] >> 32));
      // The update reads and writes most of the record's lines (counters, both TCP endpoints,
      // history): all of them, or each is a miss of its own.
      if (ahead != FlowIndex::kEmpty && ahead < pool_.size()) prefetch_for_write(pool_[ahead]);
    }
    if (hook_ != nullptr && i + kHookAhead < n && !packets[i + kHookAhead].payload.empty()) {
      const std::uint32_t ahead =
          index_.home_record(static_cast<std::uint32_t>(hashes[(i + kHookAhead) & 15] >> 32));
      if (ahead != FlowIndex::kEmpty && ahead < pool_.size() && pool_[ahead].hook_wants_payload)
        hook_->prefetch(pool_[ahead].hook_slot);
    }
    if (i < network_ns.size()) advance_to(network_ns[i]);
    process_hashed(packets[i], hashes[i & 15]);
  }
}

void FlowTable::process_hashed(const DecodedPacket& packet, std::uint64_t hash) {
  ++stats_.packets;
  if (packet.kind != PacketKind::ip) {
    ++stats_.ignored_packets;
    return;
  }
  const Transport transport = transport_of(packet.ip_protocol);
  if (transport == Transport::other && !config_.track_other_protocols) {
    ++stats_.ignored_packets;
    return;
  }
  // Zeek's network time never runs backwards; a late packet joins at the current time.
  if (packet.ts_ns > now_ns_) now_ns_ = packet.ts_ns;
  if (config_.full_sweeps) sweep();

  const PacketKey key = key_of(packet, transport);
  Found found = find(key, static_cast<std::uint32_t>(hash >> 32));
  if (found.record != FlowIndex::kEmpty) {
    TrackedFlow& r = pool_[found.record];
    if (now_ns_ >= r.expire_ns) {
      emit(found.record, timer_reason(r));
      found.record = FlowIndex::kEmpty;
    } else if (transport == Transport::tcp && tcp_packet_reuses(r, packet)) {
      emit(found.record, CloseReason::reused);
      found.record = FlowIndex::kEmpty;
    }
  }
  if (found.record == FlowIndex::kEmpty)
    found.record = open(key, hash, packet, found.from_originator);
  update(found.record, packet, found.from_originator);
}

bool FlowTable::should_flip(const PacketKey& key, const DecodedPacket& p) const {
  const bool src_likely = likely_server_ports_.contains(key.transport, key.src_port);
  const bool dst_likely = likely_server_ports_.contains(key.transport, key.dst_port);
  if (key.transport == Transport::udp)
    return src_likely && !dst_likely && !is_broadcast_destination(key.dst);
  if (key.transport != Transport::tcp) return false;
  const bool syn = (p.tcp_flags & tcp_flag::syn) != 0;
  const bool ack = (p.tcp_flags & tcp_flag::ack) != 0;
  if (syn && !ack) return false;  // a bare SYN names its sender the originator
  if (!src_likely) return false;
  if (!dst_likely) return true;
  // Both ports plausible: a SYN-ACK's sender is the server; mid-stream, favour the lower port.
  return syn || key.src_port < key.dst_port;
}

std::uint32_t FlowTable::allocate_record() {
  if (!free_.empty()) {
    const std::uint32_t id = free_.back();
    free_.pop_back();
    pool_[id] = TrackedFlow{};
    return id;
  }
  pool_.emplace_back();
  deadlines_.push_back(kNoDeadline);
  return static_cast<std::uint32_t>(pool_.size() - 1);
}

std::uint32_t FlowTable::open(const PacketKey& key, std::uint64_t hash, const DecodedPacket& p,
                              bool& from_originator) {
  if (index_.size() >= config_.max_connections) evict_one();
  const std::uint32_t id = allocate_record();
  TrackedFlow& r = pool_[id];
  const bool flip = should_flip(key, p);
  from_originator = !flip;
  r.orig_ip = flip ? key.dst : key.src;
  r.resp_ip = flip ? key.src : key.dst;
  r.orig_port = flip ? key.dst_port : key.src_port;
  r.resp_port = flip ? key.src_port : key.dst_port;
  r.ip_protocol = key.protocol;
  r.transport = key.transport;
  r.one_way = key.one_way;
  r.has_macs = p.has_macs;
  r.macs[0] = flip ? p.dst_mac : p.src_mac;
  r.macs[1] = flip ? p.src_mac : p.dst_mac;
  r.vlan = p.vlan_outer;
  r.inner_vlan = p.vlan_inner;
  r.start_ns = p.ts_ns;
  r.last_ns = p.ts_ns;
  r.hash_tag = static_cast<std::uint32_t>(hash >> 32);
  r.uid = mix64(hash ^ (static_cast<std::uint64_t>(p.ts_ns) * 0x9E3779B97F4A7C15ULL));
  r.live = true;
  r.listed_expire_ns = kNoDeadline;  // the update that follows lists the first deadline
  if (flip && key.transport != Transport::icmp) r.history.push('^');
  index_.insert(r.hash_tag, id);
  ++stats_.connections_opened;
  stats_.max_tracked = std::max<std::uint64_t>(stats_.max_tracked, index_.size());
  r.hook_slot = PayloadHook::kNoInspection;
  if (hook_ != nullptr) {
    const std::uint32_t slot = hook_->opened(snapshot(r));
    r.hook_slot = slot;
    r.hook_wants_payload = slot != PayloadHook::kNoInspection;
  }
  return id;
}

void FlowTable::update(std::uint32_t id, const DecodedPacket& p, bool from_originator) {
  TrackedFlow& r = pool_[id];
  const int side = from_originator ? 0 : 1;
  if (r.pkts[side] == 0) r.first_flags[side] = p.tcp_flags;
  ++r.pkts[side];
  r.ip_bytes[side] += p.ip_length;
  if (p.payload_length > 0) ++r.payload_pkts[side];

  if (r.transport == Transport::tcp) {
    const TcpPacketResult result = track_tcp_packet(r, p, side, tcp_timers_);
    if (result.out_of_order) ++stats_.out_of_order_segments;
    if (result.in_order && r.hook_wants_payload && result.skip < p.payload.size())
      hand_payload(r, result.side == 0, p.payload.subspan(result.skip), p);
  } else {
    r.payload_bytes[side] += p.payload_length;
    r.last_ns = p.ts_ns;
    if (r.transport == Transport::udp) r.check_history(side, history_bit::data, 'D');
    if (r.hook_wants_payload && !p.payload.empty()) hand_payload(r, from_originator, p.payload, p);
  }
  refresh_deadline(r);
}

void FlowTable::hand_payload(TrackedFlow& r, bool from_originator,
                             std::span<const std::uint8_t> bytes, const DecodedPacket& packet) {
  r.hook_wants_payload =
      hook_->payload(r.hook_slot, snapshot(r), from_originator, bytes, packet.ts_ns, packet);
}

std::int64_t FlowTable::inactivity_ns(Transport transport) const {
  switch (transport) {
    case Transport::tcp:
      return config_.tcp_inactivity_ns;
    case Transport::udp:
      return config_.udp_inactivity_ns;
    case Transport::icmp:
      return config_.icmp_inactivity_ns;
    case Transport::other:
      break;
  }
  return config_.other_inactivity_ns;
}

void FlowTable::refresh_deadline(TrackedFlow& r) {
  std::int64_t deadline = r.last_ns + inactivity_ns(r.transport);
  if (r.transport == Transport::tcp) {
    if (r.close_deadline_ns != 0) {
      deadline = std::min(deadline, r.close_deadline_ns);
    } else if (r.attempt_deadline_ns != 0 && awaiting_answer(r)) {
      deadline = std::min(deadline, r.attempt_deadline_ns);
    }
  }
  r.expire_ns = deadline;
  // The list only has to hold a time no later than the deadline: written when the deadline
  // moves earlier (a close, an attempt timer), not for every packet that pushes it later.
  if (deadline < r.listed_expire_ns) {
    r.listed_expire_ns = deadline;
    deadlines_[static_cast<std::size_t>(&r - pool_.data())] = deadline;
  }
}

// A listed time that has come: the record ends, or its later deadline is listed.
bool FlowTable::expired_at_listed(std::uint32_t id) {
  TrackedFlow& r = pool_[id];
  if (now_ns_ >= r.expire_ns) return true;
  r.listed_expire_ns = r.expire_ns;
  deadlines_[id] = r.expire_ns;
  return false;
}

void FlowTable::sweep() {
  // (The first packet only starts the sweep clock: subtracting INT64_MIN would overflow.)
  if (last_full_sweep_ns_ == INT64_MIN) {
    last_full_sweep_ns_ = now_ns_;
  } else if (now_ns_ - last_full_sweep_ns_ >= config_.full_sweep_interval_ns) {
    expire(now_ns_);
    last_full_sweep_ns_ = now_ns_;
  } else {
    sweep_some();
  }
}

void FlowTable::sweep_some() {
  const auto size = static_cast<std::uint32_t>(pool_.size());
  if (size == 0) return;
  for (std::uint32_t i = 0; i < kSweepPerPacket; ++i) {
    if (++sweep_cursor_ >= size) sweep_cursor_ = 0;
    if (now_ns_ >= deadlines_[sweep_cursor_] && expired_at_listed(sweep_cursor_)) {
      emit(sweep_cursor_, timer_reason(pool_[sweep_cursor_]));
    }
  }
}

void FlowTable::expire(std::int64_t now_ns) {
  if (now_ns > now_ns_) now_ns_ = now_ns;
  // The listed deadlines are scanned: a record's cache lines are read only when its listed time
  // has come.
  for (std::uint32_t id = 0; id < deadlines_.size(); ++id) {
    if (now_ns_ < deadlines_[id] || !expired_at_listed(id)) continue;
    emit(id, timer_reason(pool_[id]));
  }
}

void FlowTable::evict_one() {
  const auto size = static_cast<std::uint32_t>(pool_.size());
  std::uint32_t victim = FlowIndex::kEmpty;
  for (std::uint32_t i = 0; i < size && i < kEvictionScanLimit; ++i) {
    if (i >= kEvictionSample && victim != FlowIndex::kEmpty && pool_[victim].responder_silent())
      break;
    if (++evict_cursor_ >= size) evict_cursor_ = 0;
    const TrackedFlow& r = pool_[evict_cursor_];
    if (!r.live) continue;
    if (victim == FlowIndex::kEmpty) {
      victim = evict_cursor_;
      continue;
    }
    const TrackedFlow& best = pool_[victim];
    // Unanswered connections go first; among equals the least recently active.
    if (r.responder_silent() != best.responder_silent()) {
      if (r.responder_silent()) victim = evict_cursor_;
    } else if (r.last_ns < best.last_ns) {
      victim = evict_cursor_;
    }
  }
  if (victim == FlowIndex::kEmpty) return;
  ++stats_.evictions;
  if (pool_[victim].responder_silent()) ++stats_.evicted_unanswered;
  emit(victim, CloseReason::evicted);
}

CloseReason FlowTable::timer_reason(const TrackedFlow& r) const {
  const bool closed = r.close_deadline_ns != 0 && now_ns_ >= r.close_deadline_ns;
  return closed ? CloseReason::closed : CloseReason::timeout;
}

void FlowTable::emit(std::uint32_t id, CloseReason reason) {
  TrackedFlow& r = pool_[id];
  if (r.transport == Transport::tcp) finish_tcp_gaps(r);
  snapshot(r);
  scratch_.close_reason = reason;
  const bool timer = reason == CloseReason::closed || reason == CloseReason::timeout;
  scratch_.close_ns = timer ? std::min(r.expire_ns, now_ns_) : now_ns_;
  if (hook_ != nullptr && r.hook_slot != PayloadHook::kNoInspection)
    hook_->closed(r.hook_slot, scratch_);
  if (sink_) sink_(scratch_);
  index_.erase(r.hash_tag, id);
  r.live = false;
  deadlines_[id] = kNoDeadline;
  free_.push_back(id);
  ++stats_.connections_emitted;
}

void FlowTable::flush_all() {
  // Connections whose timers already ran out end as a sweep would have ended them (with their
  // deadline as close time), whether or not a sweep got to them before the input ended.
  expire(now_ns_);
  for (std::uint32_t id = 0; id < pool_.size(); ++id) {
    if (pool_[id].live) emit(id, CloseReason::flushed);
  }
}

void FlowTable::flush_all_in_order(const std::function<void()>& after_each) {
  std::vector<std::uint32_t> live;
  live.reserve(index_.size());
  for (std::uint32_t id = 0; id < pool_.size(); ++id) {
    if (pool_[id].live) live.push_back(id);
  }
  // The close time emit() gives: the deadline of a connection whose timers ran out, else now.
  const auto order = [this](std::uint32_t id) {
    const TrackedFlow& r = pool_[id];
    return std::make_tuple(std::min(r.expire_ns, now_ns_), r.start_ns, r.uid, std::cref(r.orig_ip),
                           r.orig_port, std::cref(r.resp_ip), r.resp_port, r.ip_protocol);
  };
  std::sort(live.begin(), live.end(),
            [&](std::uint32_t a, std::uint32_t b) { return order(a) < order(b); });
  for (const std::uint32_t id : live) {
    const TrackedFlow& r = pool_[id];
    emit(id, now_ns_ >= r.expire_ns ? timer_reason(r) : CloseReason::flushed);
    after_each();
  }
}

const Connection& FlowTable::snapshot(const TrackedFlow& r) {
  Connection& c = scratch_;
  c.uid = r.uid;
  c.start_ns = r.start_ns;
  c.last_ns = r.last_ns;
  c.transport = r.transport;
  c.ip_protocol = r.ip_protocol;
  c.orig = ConnectionEndpoint{r.orig_ip, r.orig_port, r.has_macs, r.macs[0]};
  c.resp = ConnectionEndpoint{r.resp_ip, r.resp_port, r.has_macs, r.macs[1]};
  c.history = r.history;
  c.missed_bytes = r.missed_bytes;
  c.orig_pkts = r.pkts[0];
  c.resp_pkts = r.pkts[1];
  c.orig_ip_bytes = r.ip_bytes[0];
  c.resp_ip_bytes = r.ip_bytes[1];
  c.orig_payload_pkts = r.payload_pkts[0];
  c.resp_payload_pkts = r.payload_pkts[1];
  c.first_orig_flags = r.first_flags[0];
  c.first_resp_flags = r.first_flags[1];
  c.vlan = r.vlan;
  c.inner_vlan = r.inner_vlan;
  c.close_reason = CloseReason::flushed;
  c.close_ns = 0;
  c.service.clear();
  switch (r.transport) {
    case Transport::tcp:
      c.state = tcp_conn_state(r);
      c.orig_bytes = r.tcp[0].size(r.tcp[1].state);
      c.resp_bytes = r.tcp[1].size(r.tcp[0].state);
      break;
    case Transport::udp:
      c.state = udp_conn_state(r);
      c.orig_bytes = r.payload_bytes[0];
      c.resp_bytes = r.payload_bytes[1];
      break;
    case Transport::icmp:
    case Transport::other:
      c.state = ZeekConnState::OTH;
      c.orig_bytes = r.payload_bytes[0];
      c.resp_bytes = r.payload_bytes[1];
      break;
  }
  return c;
}

}  // namespace iotscope
