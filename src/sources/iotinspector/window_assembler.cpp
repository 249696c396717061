#include "sources/iotinspector/window_assembler.hpp"

#include <algorithm>

#include "sources/iotinspector/peer_resolver.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

constexpr std::uint64_t kMinSweepInterval = 1 << 18;

// Earlier wins; at equal times the smaller value, so any arrival order picks the same one.
bool replaces_initiator(Initiator current, double current_ts, Initiator candidate, double ts) {
  if (candidate == Initiator::unknown) return false;
  if (current == Initiator::unknown) return true;
  return ts < current_ts || (ts == current_ts && candidate < current);
}

bool replaces_hostname(std::string_view current, double current_ts, std::string_view candidate,
                       double ts) {
  if (candidate.empty()) return false;
  if (current.empty()) return true;
  return ts < current_ts || (ts == current_ts && candidate < current);
}

}  // namespace

std::size_t WindowAssembler::FlowKeyHash::operator()(const FlowKey& key) const noexcept {
  std::uint64_t h = key.device.home * 0x9E3779B97F4A7C15ULL;
  h ^= key.device.device + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
  h ^= key.remote_ip.hash() + (h << 6) + (h >> 2);
  h ^= (std::uint64_t{key.device_port} << 24 | std::uint64_t{key.remote_port} << 8 |
        static_cast<std::uint64_t>(key.transport)) *
       0xC4CEB9FE1A85EC53ULL;
  return static_cast<std::size_t>(mix64(h));
}

void WindowAssembler::OpenFlow::absorb(const FlowWindow& window) {
  if (windows == 0) {
    first_ts = last_ts = window.ts;
  } else {
    first_ts = std::min(first_ts, window.ts);
    last_ts = std::max(last_ts, window.ts);
  }
  bytes_in += window.bytes_in;
  bytes_out += window.bytes_out;
  packets_in += window.packets_in;
  packets_out += window.packets_out;
  ++windows;
  peer_named_local = peer_named_local || window.peer_named_local;
  if (replaces_initiator(initiator, initiator_ts, window.initiator, window.ts)) {
    initiator = window.initiator;
    initiator_ts = window.ts;
  }
  if (replaces_hostname(hostname, hostname_ts, window.remote_hostname, window.ts)) {
    hostname.assign(window.remote_hostname);
    hostname_ts = window.ts;
  }
}

void WindowAssembler::OpenFlow::absorb(OpenFlow&& other) {
  first_ts = std::min(first_ts, other.first_ts);
  last_ts = std::max(last_ts, other.last_ts);
  bytes_in += other.bytes_in;
  bytes_out += other.bytes_out;
  packets_in += other.packets_in;
  packets_out += other.packets_out;
  windows += other.windows;
  peer_named_local = peer_named_local || other.peer_named_local;
  if (replaces_initiator(initiator, initiator_ts, other.initiator, other.initiator_ts)) {
    initiator = other.initiator;
    initiator_ts = other.initiator_ts;
  }
  if (replaces_hostname(hostname, hostname_ts, other.hostname, other.hostname_ts)) {
    hostname = std::move(other.hostname);
    hostname_ts = other.hostname_ts;
  }
}

WindowAssembler::WindowAssembler(double gap_seconds, const DeviceDirectory& directory,
                                 FlowAggregator& sink, double reorder_seconds,
                                 std::size_t max_open_keys)
    : gap_(std::max(0.0, gap_seconds)),
      horizon_(std::max(gap_, reorder_seconds) + gap_),
      late_age_(std::max(gap_, reorder_seconds)),
      directory_(directory),
      sink_(sink),
      max_open_keys_(std::max<std::size_t>(max_open_keys, 1)) {}

WindowAssembler::HomeClock& WindowAssembler::clock_of(std::uint64_t home) {
  if (cached_clock_ == nullptr || cached_home_ != home) {
    cached_clock_ = &homes_[home];
    cached_home_ = home;
  }
  return *cached_clock_;
}

void WindowAssembler::add(const FlowWindow& window, std::uint32_t file) {
  const FlowKey key{window.device, window.remote_ip, window.device_port, window.remote_port,
                    window.transport};
  auto [found, inserted] = keys_.try_emplace(key);
  KeyState& state = *found;
  if (inserted) {
    state.clock = &clock_of(window.device.home);
    ++state.clock->open_keys;
    if (!directory_.contains(window.device) && !missing_.contains(window.device)) {
      missing_.emplace(window.device,
                       MissingDevice{std::string(window.home_id), std::string(window.device_id),
                                     window.device_id_is_mac, file});
    }
  }
  HomeClock& clock = *state.clock;
  clock.last_window = ++windows_seen_;
  if (window.ts > clock.newest) clock.newest = window.ts;
  const bool reopened =
      inserted && !closed_homes_.empty() && closed_homes_.contains(window.device.home);
  if (window.ts < clock.newest - late_age_ || reopened) ++late_[file];
  auto& flows = state.flows;
  if (!flows.empty()) emit_closed(key, state);

  const double t = window.ts;
  auto at = std::find_if(flows.begin(), flows.end(),
                         [&](const OpenFlow& f) { return f.last_ts + gap_ >= t; });
  if (at != flows.end() && at->first_ts - gap_ <= t) {
    at->absorb(window);
    // The window may bridge the gap to the next flow of this key.
    while (std::next(at) != flows.end() && std::next(at)->first_ts - gap_ <= at->last_ts) {
      at->absorb(std::move(*std::next(at)));
      flows.erase(std::next(at));
    }
  } else {
    OpenFlow flow;
    flow.absorb(window);
    flows.insert(at, std::move(flow));
  }
  if (++windows_since_sweep_ >= std::max<std::uint64_t>(kMinSweepInterval, keys_.size())) sweep();
  if (keys_.size() > max_open_keys_) close_idle_homes();
}

void WindowAssembler::emit_closed(const FlowKey& key, KeyState& state) {
  const double close_before = state.clock->newest - horizon_;
  auto& flows = state.flows;
  if (flows.front().last_ts >= close_before && flows.size() == 1) return;
  auto open = std::stable_partition(flows.begin(), flows.end(),
                                    [&](const OpenFlow& f) { return f.last_ts < close_before; });
  for (auto it = flows.begin(); it != open; ++it) emit(key, std::move(*it));
  flows.erase(flows.begin(), open);
}

void WindowAssembler::sweep() {
  windows_since_sweep_ = 0;
  // An entry moved back by erase_at may be visited twice; emit_closed is idempotent.
  for (std::size_t i = 0; i < keys_.capacity();) {
    auto& slot = keys_.slot(i);
    if (!slot.used) {
      ++i;
      continue;
    }
    if (!slot.value.flows.empty()) emit_closed(slot.key, slot.value);
    if (slot.value.flows.empty()) {
      --slot.value.clock->open_keys;
      keys_.erase_at(i);
    } else {
      ++i;
    }
  }
}

void WindowAssembler::close_idle_homes() {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> by_idleness;  // (last window, home)
  for (const auto& [home, clock] : homes_) by_idleness.emplace_back(clock.last_window, home);
  std::sort(by_idleness.begin(), by_idleness.end());
  // Down to half the cap, so that the next close is far away.
  std::size_t to_close = keys_.size() - max_open_keys_ / 2;
  std::unordered_set<std::uint64_t> closing;
  for (const auto& [last_window, home] : by_idleness) {
    if (to_close == 0) break;
    const std::uint64_t keys = homes_.at(home).open_keys;
    closing.insert(home);
    to_close -= std::min<std::size_t>(to_close, keys);
  }
  for (std::size_t i = 0; i < keys_.capacity();) {
    auto& slot = keys_.slot(i);
    if (!slot.used || !closing.contains(slot.key.device.home)) {
      ++i;
      continue;
    }
    for (auto& flow : slot.value.flows) emit(slot.key, std::move(flow));
    keys_.erase_at(i);
  }
  cached_clock_ = nullptr;
  for (const std::uint64_t home : closing) {
    homes_.erase(home);
    closed_homes_.insert(home);
    sink_.home_complete(home);
  }
}

void WindowAssembler::finish() {
  for (std::size_t i = 0; i < keys_.capacity(); ++i) {
    auto& slot = keys_.slot(i);
    if (!slot.used) continue;
    for (auto& flow : slot.value.flows) emit(slot.key, std::move(flow));
  }
  keys_.clear();
}

void WindowAssembler::emit(const FlowKey& key, OpenFlow&& flow) {
  FlowRecord& r = record_;
  r.device = key.device;
  r.device_port = key.device_port;
  r.remote_ip = key.remote_ip;
  r.remote_port = key.remote_port;
  r.transport = key.transport;
  const PeerPlace place =
      resolve_peer(directory_, key.device, key.remote_ip, flow.peer_named_local);
  r.scope = place.scope;
  r.peer_device = place.peer_device;
  r.first_ts = flow.first_ts;
  r.last_ts = flow.last_ts;
  r.bytes_in = flow.bytes_in;
  r.bytes_out = flow.bytes_out;
  r.packets_in = flow.packets_in;
  r.packets_out = flow.packets_out;
  r.initiator = flow.initiator;
  r.state = ConnState::unknown;
  r.remote_hostname = std::move(flow.hostname);
  r.windows = flow.windows;
  sink_.add(r);
}

}  // namespace iotscope
