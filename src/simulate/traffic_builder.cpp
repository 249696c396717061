#include "simulate/traffic_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "util/hash.hpp"

namespace iotscope::sim {
namespace {

constexpr std::uint32_t kMdnsGroup = 0xE00000FBu;  // 224.0.0.251
constexpr std::uint32_t kSsdpGroup = 0xEFFFFFFAu;  // 239.255.255.250
constexpr std::uint32_t kBroadcast = 0xFFFFFFFFu;
// Flows of one key with fixed ports on both sides are spaced further apart than 2 x 60 s so
// window re-assembly with a 60 s gap never merges them.
constexpr std::uint32_t kSameKeySpacingWindows = 26;

constexpr KindMask kMdnsSpeakers = bit(Kind::phone) | bit(Kind::computer) | bit(Kind::google_home) |
                                   bit(Kind::chromecast) | bit(Kind::sonos) | bit(Kind::printer) |
                                   bit(Kind::hue) | bit(Kind::smart_tv) | bit(Kind::nas) |
                                   bit(Kind::echo);
constexpr KindMask kSsdpSearchers = bit(Kind::phone) | bit(Kind::computer) | bit(Kind::echo) |
                                    bit(Kind::google_home) | bit(Kind::chromecast) |
                                    bit(Kind::roku) | bit(Kind::smart_tv) | bit(Kind::harmony) |
                                    bit(Kind::fire_tv);
constexpr KindMask kSsdpResponders = bit(Kind::hue) | bit(Kind::wemo) | bit(Kind::sonos) |
                                     bit(Kind::roku) | bit(Kind::smart_tv) | bit(Kind::nas);

constexpr Volume kDns{60, 90, 90, 320};
constexpr Volume kApi{400, 3000, 1500, 20000};
constexpr Volume kKeepAlive{60, 300, 60, 300};
constexpr Volume kHttp{200, 800, 300, 40000};
constexpr Volume kNtp{48, 76, 48, 76};
constexpr Volume kQuic{500, 5000, 5000, 300000};
constexpr Volume kMqtt{40, 200, 40, 200};
constexpr Volume kStream{2000, 12000, 200000, 2500000};
constexpr Volume kTiny{60, 180, 60, 240};
constexpr Volume kGroup{60, 400, 0, 0};  // multicast and broadcast: nothing comes back
constexpr Volume kProbe{0, 60, 54, 74};
constexpr Volume kControl{200, 900, 300, 1500};

bool has(KindMask mask, Kind kind) {
  return (mask & bit(kind)) != 0;
}

bool reserved_port(std::uint32_t port) {
  return port == 38622 || port == kProbePort || port == 49152 || port == 49153 || port == 55443 ||
         port == 55444;
}

// Distinct local unicast peers per device per aligned minute.
class PeerBudget {
 public:
  void reset(std::size_t devices, std::uint32_t minutes) {
    minutes_ = minutes;
    counts_.assign(devices * minutes, 0);
    peers_.resize(devices * minutes);
  }
  bool fits(std::size_t device, std::uint8_t peer, std::span<const std::uint32_t> windows) const {
    std::uint32_t last = UINT32_MAX;
    for (const std::uint32_t w : windows) {
      const std::uint32_t minute = w / kWindowsPerMinute;
      if (minute == last) continue;
      last = minute;
      const std::size_t slot = device * minutes_ + minute;
      if (!contains(slot, peer) && counts_[slot] >= kMaxLocalPeersPerMinute) return false;
    }
    return true;
  }
  void add(std::size_t device, std::uint8_t peer, std::span<const std::uint32_t> windows) {
    std::uint32_t last = UINT32_MAX;
    for (const std::uint32_t w : windows) {
      const std::uint32_t minute = w / kWindowsPerMinute;
      if (minute == last) continue;
      last = minute;
      const std::size_t slot = device * minutes_ + minute;
      if (!contains(slot, peer)) peers_[slot][counts_[slot]++] = peer;
    }
  }

 private:
  bool contains(std::size_t slot, std::uint8_t peer) const {
    for (std::uint8_t i = 0; i < counts_[slot]; ++i) {
      if (peers_[slot][i] == peer) return true;
    }
    return false;
  }
  std::uint32_t minutes_ = 0;
  std::vector<std::uint8_t> counts_;
  std::vector<std::array<std::uint8_t, kMaxLocalPeersPerMinute>> peers_;
};

class TrafficBuilder {
 public:
  TrafficBuilder(const Home& home, const SimulationConfig& config, Rng& rng, HomeTraffic& out)
      : home_(home), config_(config), rng_(rng), out_(out) {
    const double hours = std::max(config.observation_hours, 0.05);
    total_windows_ = static_cast<std::uint32_t>(std::lround(hours * 3600.0 / kWindowSeconds));
    hours_ = hours;
    budget_.reset(home.devices.size(), total_windows_ / kWindowsPerMinute + 1);
    next_ephemeral_.reserve(home.devices.size());
    busy_.reserve(home.devices.size());
    for (const auto& d : home.devices) {
      next_ephemeral_.push_back(d.next_ephemeral);
      busy_.push_back(d.model->ext.activity * std::exp(0.35 * rng_.normal()));
    }
  }

  void build() {
    if (rng_.chance(config_.plaintext_service_rate)) inject_plaintext_service();
    if (rng_.chance(config_.internet_server_rate)) inject_internet_server();
    if (rng_.chance(config_.ntp_responder_rate)) inject_ntp_responder();
    if (rng_.chance(config_.sweep_rate)) inject_sweep();
    if (rng_.chance(config_.port_scan_rate)) inject_port_scan();
    for (const auto& link : local_links()) local_link(link);
    ssdp();
    for (std::size_t d = 1; d < home_.devices.size(); ++d) {
      if (!home_.devices[d].inspected) continue;
      internet_traffic(d);
      discovery_chatter(d);
    }
    if (rng_.chance(0.3)) inspector_probes();
  }

 private:
  const SimDevice& dev(std::size_t d) const { return home_.devices[d]; }
  Kind kind(std::size_t d) const { return dev(d).model->kind; }
  std::uint32_t ip(std::size_t d) const { return home_.ip_of(d); }

  std::uint32_t count(double per_hour, std::size_t d) {
    const double mean = per_hour * hours_ * busy_[d];
    return static_cast<std::uint32_t>(mean + rng_.uniform());
  }
  std::uint32_t count_flat(double per_hour) {
    return static_cast<std::uint32_t>(per_hour * hours_ + rng_.uniform());
  }
  std::uint32_t random_start() { return rng_.below(total_windows_); }

  std::uint16_t ephemeral(std::size_t d) {
    const bool high = dev(d).model->high_ephemeral;
    const std::uint32_t lo = high ? 49152 : 32768;
    const std::uint32_t hi = high ? 65535 : 60999;
    std::uint32_t port = next_ephemeral_[d] + rng_.between(1, 29);
    do {
      if (port > hi) port = lo + (port - hi);
      if (reserved_port(port)) ++port;
    } while (port > hi || reserved_port(port));
    next_ephemeral_[d] = static_cast<std::uint16_t>(port);
    return static_cast<std::uint16_t>(port);
  }

  // Appends the windows of one flow starting at `start`; returns how many fit.
  std::uint32_t append_windows(Shape shape, std::uint32_t start) {
    std::uint32_t n = 1;
    std::uint32_t max_skip = 0;
    switch (shape) {
      case Shape::brief:
        n = rng_.chance(0.3) ? 2 : 1;
        break;
      case Shape::medium:
        n = rng_.between(3, 14);
        max_skip = 2;
        break;
      case Shape::lasting:
        n = rng_.between(15, 60);
        max_skip = 10;  // consecutive rows at most 55 s apart
        break;
    }
    std::uint32_t w = start;
    std::uint32_t added = 0;
    while (added < n && w < total_windows_) {
      out_.windows.push_back(w);
      ++added;
      w += 1 + (max_skip != 0 ? rng_.below(max_skip + 1) : 0);
    }
    return added;
  }

  std::span<const std::uint32_t> windows_from(std::size_t mark) const {
    return {out_.windows.data() + mark, out_.windows.size() - mark};
  }

  Flow& push(std::size_t d, std::uint16_t local_port, std::uint32_t remote_ip,
             std::uint16_t remote_port, bool udp, std::size_t mark, std::uint64_t seed) {
    Flow& f = out_.flows.emplace_back();
    f.seed = seed;
    f.device = static_cast<std::uint16_t>(d);
    f.local_port = local_port;
    f.remote_ip = remote_ip;
    f.remote_port = remote_port;
    f.udp = udp;
    f.window_begin = static_cast<std::uint32_t>(mark);
    f.window_count = static_cast<std::uint32_t>(out_.windows.size() - mark);
    return f;
  }

  char syn_seen(bool udp) { return udp ? 0 : (rng_.chance(0.9) ? 1 : 0); }

  // A flow between two devices of the home, recorded once per inspected side. False (and
  // nothing recorded) when either side would exceed its local-peer budget.
  bool lan_flow(std::size_t client, std::size_t server, std::uint16_t client_port,
                std::uint16_t server_port, bool udp, Shape shape, const Volume& volume,
                std::uint32_t start, bool budgeted = true) {
    const std::size_t mark = out_.windows.size();
    if (append_windows(shape, start) == 0) return false;
    const auto windows = windows_from(mark);
    const bool client_in = dev(client).inspected;
    const bool server_in = dev(server).inspected;
    if (budgeted) {
      if ((client_in && !budget_.fits(client, dev(server).host, windows)) ||
          (server_in && !budget_.fits(server, dev(client).host, windows))) {
        out_.windows.resize(mark);
        return false;
      }
      if (client_in) budget_.add(client, dev(server).host, windows);
      if (server_in) budget_.add(server, dev(client).host, windows);
    }
    const std::uint64_t seed = rng_.next();
    const bool syn = syn_seen(udp) != 0;
    const bool peer_ports = client_port == server_port;
    const bool fixed_client = !peer_ports && !is_ephemeral(client, client_port);
    if (client_in) {
      Flow& f = push(client, client_port, ip(server), server_port, udp, mark, seed);
      f.volume = volume;
      f.syn = syn ? 'l' : 0;
      f.peer = static_cast<std::int16_t>(server);
      f.scope = PeerScope::local_device;
      f.name_kind = NameKind::local_network;
      f.role = peer_ports ? RoleHint::peer : (fixed_client ? RoleHint::none : RoleHint::client);
    }
    if (server_in) {
      Flow& f = push(server, server_port, ip(client), client_port, udp, mark, seed);
      f.volume = volume;
      f.responder = true;
      f.syn = syn ? 'r' : 0;
      f.peer = static_cast<std::int16_t>(client);
      f.scope = PeerScope::local_device;
      f.name_kind = NameKind::local_network;
      f.role = peer_ports ? RoleHint::peer : RoleHint::server;
    }
    return true;
  }

  // Whether `port` came from the device's ephemeral allocator (not a fixed source port).
  bool is_ephemeral(std::size_t d, std::uint16_t port) const {
    const bool high = dev(d).model->high_ephemeral;
    return port >= (high ? 49152 : 32768) && !reserved_port(port);
  }

  bool lan_flow_retry(std::size_t client, std::size_t server, std::uint16_t server_port, bool udp,
                      Shape shape, const Volume& volume, int attempts = 6) {
    const std::uint16_t client_port = ephemeral(client);
    for (int i = 0; i < attempts; ++i) {
      if (lan_flow(client, server, client_port, server_port, udp, shape, volume, random_start())) {
        return true;
      }
    }
    return false;
  }

  void external_flow(std::size_t d, std::uint16_t local_port, std::uint32_t remote_ip,
                     std::uint16_t remote_port, bool udp, bool device_initiated, Shape shape,
                     const Volume& volume, std::uint32_t start, const CloudName* name,
                     RoleHint role) {
    const std::size_t mark = out_.windows.size();
    if (append_windows(shape, start) == 0) return;
    Flow& f = push(d, local_port, remote_ip, remote_port, udp, mark, rng_.next());
    f.volume = volume;
    f.responder = !device_initiated;
    if (syn_seen(udp) != 0) f.syn = device_initiated ? 'l' : 'r';
    f.scope = PeerScope::external;
    f.name = name;
    f.name_kind = name != nullptr ? NameKind::cloud : NameKind::empty;
    f.name_guess = name != nullptr && rng_.chance(0.08);
    f.role = role;
  }

  // A flow to a multicast group or broadcast address (never answered in the same key).
  void group_flow(std::size_t d, std::uint16_t local_port, std::uint32_t group,
                  std::uint16_t remote_port, std::uint32_t start, RoleHint role) {
    const std::size_t mark = out_.windows.size();
    if (append_windows(Shape::brief, start) == 0) return;
    Flow& f = push(d, local_port, group, remote_port, true, mark, rng_.next());
    f.volume = kGroup;
    f.scope = PeerScope::multicast_broadcast;
    f.role = role;
  }

  // Start windows of a series of same-key flows, `mean_minutes` apart on average and always
  // further apart than twice the reassembly gap.
  std::vector<std::uint32_t> series(double mean_minutes) {
    std::vector<std::uint32_t> starts;
    double t = rng_.exponential(mean_minutes * kWindowsPerMinute * 0.5);
    while (t < total_windows_) {
      starts.push_back(static_cast<std::uint32_t>(t));
      t += kSameKeySpacingWindows + 3 + rng_.exponential(mean_minutes * kWindowsPerMinute);
    }
    return starts;
  }

  std::uint32_t cloud_ip(const CloudName& name, std::uint32_t variant) const {
    const std::uint64_t h =
        mix64(hash_text(name.host) + variant * 0x9E3779B97F4A7C15ULL + home_.index % 11);
    std::uint32_t low = static_cast<std::uint32_t>(h & 0xFFFFu);
    if ((low & 0xFF) == 0 || (low & 0xFF) == 255) low ^= 0x11;
    return (std::uint32_t{name.a} << 24) | (std::uint32_t{name.b} << 16) | low;
  }

  std::uint32_t random_public_ip() {
    static constexpr std::array<std::uint8_t, 12> kFirst{24, 45,  66,  73,  81,  91,
                                                         98, 103, 185, 188, 212, 217};
    const std::uint32_t a = kFirst[rng_.below(kFirst.size())];
    return (a << 24) | (rng_.below(256) << 16) | (rng_.below(256) << 8) | rng_.between(1, 254);
  }

  const CloudName& pick_name(CloudSet set) {
    const auto names = cloud_names(set);
    return names[rng_.below(static_cast<std::uint32_t>(names.size()))];
  }

  std::vector<std::size_t> inspected_of(KindMask mask) const {
    std::vector<std::size_t> found;
    for (std::size_t d = 1; d < home_.devices.size(); ++d) {
      if (dev(d).inspected && has(mask, kind(d))) found.push_back(d);
    }
    return found;
  }
  std::vector<std::size_t> all_inspected() const { return inspected_of(~KindMask{0}); }

  std::size_t pick_of(const std::vector<std::size_t>& candidates) {
    return candidates[rng_.below(static_cast<std::uint32_t>(candidates.size()))];
  }

  // ---- background ---------------------------------------------------------------------------

  void local_link(const LocalLink& link) {
    const auto clients = inspected_of(link.clients);
    if (clients.empty()) return;
    for (std::size_t s = 1; s < home_.devices.size(); ++s) {
      if (!has(link.servers, kind(s))) continue;
      std::vector<std::size_t> users;
      for (const std::size_t c : clients) {
        if (c != s) users.push_back(c);
      }
      if (users.empty()) continue;
      if (link.client_port == 0) {
        const std::uint32_t n = count_flat(link.flows_per_hour);
        for (std::uint32_t i = 0; i < n; ++i) {
          lan_flow_retry(pick_of(users), s, link.port, link.udp, link.shape, link.volume);
        }
        continue;
      }
      for (const std::size_t c : users) {
        // A peer port is one conversation per pair, whoever speaks first.
        if (link.client_port == link.port && c > s && has(link.clients, kind(s))) continue;
        for (const std::uint32_t start : series(60.0 / link.flows_per_hour)) {
          lan_flow(c, s, link.client_port, link.port, link.udp, Shape::brief, link.volume, start);
        }
      }
    }
  }

  // M-SEARCH to the SSDP group; responders answer unicast from 1900 to the searcher's port.
  void ssdp() {
    const auto responders = inspected_of(kSsdpResponders);
    for (const std::size_t d : inspected_of(kSsdpSearchers)) {
      if (!rng_.chance(0.3)) continue;
      for (const std::uint32_t start : series(rng_.between(120, 300))) {
        const std::uint16_t port = ephemeral(d);
        group_flow(d, port, kSsdpGroup, 1900, start, RoleHint::client);
        for (const std::size_t r : responders) {
          if (r == d || !rng_.chance(0.4)) continue;
          lan_flow(d, r, port, 1900, true, Shape::brief, kTiny, start + rng_.below(2));
        }
      }
    }
    for (const std::size_t r : responders) {
      for (const std::uint32_t start : series(rng_.between(90, 240))) {
        group_flow(r, 1900, kSsdpGroup, 1900, start, RoleHint::peer);
      }
    }
  }

  void discovery_chatter(std::size_t d) {
    const Kind k = kind(d);
    if (has(kMdnsSpeakers, k) && rng_.chance(0.85)) {
      for (const std::uint32_t start : series(rng_.between(180, 360))) {
        group_flow(d, 5353, kMdnsGroup, 5353, start, RoleHint::peer);
      }
    }
    if (k == Kind::plug && dev(d).model->vendor == "Tuya") {
      for (const std::uint32_t start : series(rng_.between(30, 60))) {
        group_flow(d, 6667, kBroadcast, 6667, start, RoleHint::peer);
      }
    }
    if (k == Kind::computer && rng_.chance(0.3)) {
      for (const std::uint32_t start : series(rng_.between(30, 60))) {
        group_flow(d, 17500, home_.subnet | 0xFFu, 17500, start, RoleHint::peer);
      }
    }
    if (k == Kind::phone && !inspected_of(bit(Kind::plug)).empty()) {
      const std::uint32_t n = count_flat(0.3);
      for (std::uint32_t i = 0; i < n; ++i) {
        group_flow(d, ephemeral(d), kBroadcast, 9999, random_start(), RoleHint::client);
      }
    }
  }

  void dns(std::size_t d) {
    const ExternalProfile& ext = dev(d).model->ext;
    if (kind(d) == Kind::weather) {
      // The seeds' oddity: DNS from the fixed source port 4096.
      for (const std::uint32_t start : series(12)) {
        lan_flow(d, 0, 4096, 53, true, Shape::brief, kDns, start);
      }
      return;
    }
    if (!rng_.chance(ext.dns)) return;
    const std::uint32_t n = std::max<std::uint32_t>(1, count(0.35, d));
    if (rng_.chance(ext.dns_public)) {
      const auto resolvers = public_resolvers();
      const Resolver& resolver =
          kind(d) == Kind::google_home || kind(d) == Kind::chromecast || kind(d) == Kind::nest
              ? resolvers[0]
              : resolvers[rng_.below(static_cast<std::uint32_t>(resolvers.size()))];
      for (std::uint32_t i = 0; i < n; ++i) {
        external_flow(d, ephemeral(d), resolver.ip, 53, true, true, Shape::brief, kDns,
                      random_start(), &resolver.name, RoleHint::client);
      }
      return;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      lan_flow_retry(d, 0, 53, true, Shape::brief, kDns, 4);
    }
  }

  void cloud_flows(std::size_t d, CloudSet set, std::uint16_t port, bool udp, std::uint32_t n,
                   Shape shape, const Volume& volume) {
    for (std::uint32_t i = 0; i < n; ++i) {
      const CloudName& name = pick_name(set);
      external_flow(d, ephemeral(d), cloud_ip(name, rng_.below(3)), port, udp, true, shape, volume,
                    random_start(), &name, RoleHint::client);
    }
  }

  void internet_traffic(std::size_t d) {
    const DeviceModel& m = *dev(d).model;
    const ExternalProfile& ext = m.ext;
    dns(d);
    if (rng_.chance(ext.https)) {
      cloud_flows(d, m.cloud, 443, false, std::max<std::uint32_t>(1, count(0.08, d)),
                  Shape::lasting, kKeepAlive);
      cloud_flows(d, m.cloud, 443, false, count(0.25, d), Shape::medium, kApi);
    }
    if (rng_.chance(ext.http)) {
      cloud_flows(d, m.cloud, 80, false, std::max<std::uint32_t>(1, count(0.1, d)),
                  rng_.chance(0.5) ? Shape::brief : Shape::medium, kHttp);
    }
    if (rng_.chance(ext.ntp)) ntp_client(d);
    if (rng_.chance(ext.quic)) {
      cloud_flows(d, CloudSet::google, 443, true, 1 + count(0.1, d), Shape::medium, kQuic);
    }
    if (rng_.chance(ext.mqtt)) {
      cloud_flows(d, m.cloud, 8883, false, 1 + count(0.05, d), Shape::lasting, kMqtt);
    }
    if (rng_.chance(ext.stream)) {
      const CloudSet set = m.cloud == CloudSet::google ? CloudSet::google : CloudSet::streaming;
      cloud_flows(d, set, 443, false, 1 + count(0.05, d), Shape::lasting, kStream);
    }
  }

  void ntp_client(std::size_t d) {
    const bool fixed = rng_.chance(dev(d).model->ext.ntp_fixed_port);
    const auto servers = ntp_servers();
    const CloudName& name = servers[rng_.below(static_cast<std::uint32_t>(servers.size()))];
    const std::uint32_t server_ip = cloud_ip(name, rng_.below(2));
    for (const std::uint32_t start : series(rng_.between(120, 360))) {
      const std::uint16_t port = fixed ? 123 : ephemeral(d);
      external_flow(d, port, server_ip, 123, true, true, Shape::brief, kNtp, start, &name,
                    fixed ? RoleHint::peer : RoleHint::client);
    }
  }

  // IoT Inspector's own SYN probes of each device: remote port 44444, to be dropped by readers.
  void inspector_probes() {
    static constexpr std::array<std::uint16_t, 12> kProbed{80,   443,  8008, 8443, 22,  23,
                                                           8080, 1843, 1443, 8060, 554, 9000};
    const std::uint32_t inspector = home_.subnet | home_.inspector_host;
    const std::uint32_t start = random_start();
    for (std::size_t d = 1; d < home_.devices.size(); ++d) {
      if (!dev(d).inspected) continue;
      const std::uint32_t ports = rng_.between(1, 4);
      const std::uint32_t first = rng_.below(kProbed.size());
      for (std::uint32_t i = 0; i < ports; ++i) {
        const std::size_t mark = out_.windows.size();
        const std::uint32_t w =
            std::min(start + static_cast<std::uint32_t>(d / 4), total_windows_ - 1);
        out_.windows.push_back(w);
        Flow& f = push(d, kProbed[(first + i) % kProbed.size()], inspector, kProbePort, false, mark,
                       rng_.next());
        f.volume = kProbe;
        f.responder = true;
        f.syn = 'r';
        f.probe = true;
        f.scope = PeerScope::local_unknown;
      }
    }
  }

  // ---- injected behaviours -------------------------------------------------------------------

  void inject_plaintext_service() {
    const auto servers = inspected_of(bit(Kind::camera) | bit(Kind::nas) | bit(Kind::harmony) |
                                      bit(Kind::plug) | bit(Kind::generic) | bit(Kind::smart_tv) |
                                      bit(Kind::printer) | bit(Kind::weather) | bit(Kind::hue));
    if (servers.empty()) return;
    const std::size_t server = pick_of(servers);
    std::vector<std::size_t> clients;
    for (const std::size_t d : all_inspected()) {
      if (d != server) clients.push_back(d);
    }
    if (clients.empty()) return;
    static constexpr std::array<std::uint16_t, 6> kPorts{80, 8080, 23, 1883, 21, 80};
    const std::uint16_t port = kPorts[rng_.below(kPorts.size())];
    const Shape shape = port == 1883 ? Shape::lasting : (port == 80 ? Shape::brief : Shape::medium);
    const std::size_t users = std::min<std::size_t>(clients.size(), rng_.between(1, 3));
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < users; ++i) chosen.push_back(pick_of(clients));
    const std::uint32_t flows = rng_.between(8, 16);
    for (std::uint32_t i = 0; i < flows; ++i) {
      lan_flow_retry(chosen[i % chosen.size()], server, port, false, shape, kControl, 10);
    }
  }

  void inject_internet_server() {
    const auto candidates = inspected_of(bit(Kind::camera) | bit(Kind::nas) | bit(Kind::smart_tv) |
                                         bit(Kind::computer) | bit(Kind::generic));
    if (candidates.empty()) return;
    const std::size_t d = pick_of(candidates);
    std::uint16_t port = 443;
    switch (kind(d)) {
      case Kind::camera:
        port = std::array<std::uint16_t, 3>{554, 80, 443}[rng_.below(3)];
        break;
      case Kind::nas:
        port = std::array<std::uint16_t, 3>{443, 80, 22}[rng_.below(3)];
        break;
      case Kind::smart_tv:
        port = 8080;
        break;
      case Kind::computer:
        port = std::array<std::uint16_t, 2>{22, 8080}[rng_.below(2)];
        break;
      default:
        port = std::array<std::uint16_t, 2>{80, 8080}[rng_.below(2)];
        break;
    }
    std::vector<std::uint32_t> hosts(rng_.between(3, 12));
    for (auto& h : hosts) h = random_public_ip();
    const std::uint32_t flows = rng_.between(8, 30);
    for (std::uint32_t i = 0; i < flows; ++i) {
      external_flow(d, port, hosts[i % hosts.size()],
                    static_cast<std::uint16_t>(rng_.between(1024, 65535)), false, false,
                    rng_.chance(0.5) ? Shape::medium : Shape::brief, kApi, random_start(), nullptr,
                    RoleHint::server);
    }
  }

  void inject_ntp_responder() {
    const auto candidates = inspected_of(bit(Kind::camera) | bit(Kind::nas) | bit(Kind::generic) |
                                         bit(Kind::smart_tv) | bit(Kind::printer));
    if (candidates.empty()) return;
    const std::size_t d = pick_of(candidates);
    std::vector<std::uint32_t> hosts(rng_.between(5, 20));
    for (auto& h : hosts) h = random_public_ip();
    const std::uint32_t flows = rng_.between(12, 40);
    const Volume answers{48, 48, 48, 468};
    for (std::uint32_t i = 0; i < flows; ++i) {
      external_flow(d, 123, hosts[i % hosts.size()],
                    static_cast<std::uint16_t>(rng_.between(1024, 65535)), true, false,
                    Shape::brief, answers, random_start(), nullptr, RoleHint::server);
    }
  }

  // A scan's probes, all inside one aligned minute so a 60 s window sees all of them.
  std::uint32_t scan_start(std::uint32_t span_windows) {
    const std::uint32_t minutes = total_windows_ / kWindowsPerMinute;
    const std::uint32_t minute = minutes > 2 ? rng_.between(1, minutes - 2) : 0;
    return minute * kWindowsPerMinute + rng_.below(kWindowsPerMinute - span_windows + 1);
  }

  void scan_probe(InjectedScan& scan, std::uint32_t target, std::uint16_t port, std::uint32_t w) {
    const std::size_t mark = out_.windows.size();
    out_.windows.push_back(w);
    Flow& f = push(scan.scanner, ephemeral(scan.scanner), target, port, false, mark, rng_.next());
    f.volume = Volume{54, 74, 0, 60};
    f.syn = 'l';
    f.role = RoleHint::client;
    const std::int16_t peer = device_at(target);
    f.peer = peer;
    f.scope = peer >= 0 ? PeerScope::local_device : PeerScope::local_unknown;
    f.name_kind = peer >= 0 ? NameKind::local_network : NameKind::empty;
    scan.first_window = std::min(scan.first_window, w);
    scan.last_window = std::max(scan.last_window, w);
  }

  std::int16_t device_at(std::uint32_t address) const {
    for (std::size_t d = 0; d < home_.devices.size(); ++d) {
      if (ip(d) == address) return static_cast<std::int16_t>(d);
    }
    return -1;
  }

  InjectedScan new_scan(std::size_t scanner, bool port_scan) {
    InjectedScan scan;
    scan.scanner = static_cast<std::uint16_t>(scanner);
    scan.port_scan = port_scan;
    scan.first_window = UINT32_MAX;
    return scan;
  }

  void inject_sweep() {
    const auto candidates = all_inspected();
    if (candidates.empty()) return;
    InjectedScan scan = new_scan(pick_of(candidates), false);
    static constexpr std::array<std::uint16_t, 5> kPorts{80, 554, 80, 8080, 23};
    scan.ports.push_back(kPorts[rng_.below(kPorts.size())]);
    if (rng_.chance(0.3) && scan.ports[0] != 554) scan.ports.push_back(554);
    // Every other address of the /24, in a random order, then the first n of them.
    std::vector<std::uint32_t> hosts;
    for (std::uint32_t h = 1; h <= 254; ++h) {
      if (h != dev(scan.scanner).host) hosts.push_back(home_.subnet | h);
    }
    const std::uint32_t n = rng_.between(20, 253);
    for (std::uint32_t i = 0; i < n; ++i) {
      std::swap(hosts[i], hosts[i + rng_.below(static_cast<std::uint32_t>(hosts.size()) - i)]);
    }
    hosts.resize(n);
    const std::uint32_t span = rng_.between(2, 11);  // 10 to 55 seconds
    const std::uint32_t start = scan_start(span);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t w = start + static_cast<std::uint32_t>(std::uint64_t{i} * span / n);
      for (const std::uint16_t port : scan.ports) scan_probe(scan, hosts[i], port, w);
    }
    std::sort(hosts.begin(), hosts.end());
    scan.targets = std::move(hosts);
    std::sort(scan.ports.begin(), scan.ports.end());
    out_.scans.push_back(std::move(scan));
  }

  void inject_port_scan() {
    const auto candidates = all_inspected();
    if (candidates.size() < 2) return;
    InjectedScan scan = new_scan(pick_of(candidates), true);
    std::size_t target = scan.scanner;
    while (target == scan.scanner) target = pick_of(candidates);
    static constexpr std::array<std::uint16_t, 24> kCommon{
        21,  22,  23,  25,   53,   80,   110,  111,  135,  139,  143,  443,
        445, 554, 631, 1883, 1900, 3389, 5000, 5353, 8008, 8080, 8443, 9100};
    std::vector<std::uint16_t> ports(kCommon.begin(), kCommon.end());
    const std::uint32_t n = rng_.between(20, 200);
    while (ports.size() < n) {
      const auto p = static_cast<std::uint16_t>(rng_.between(1, 10000));
      if (std::find(ports.begin(), ports.end(), p) == ports.end()) ports.push_back(p);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      std::swap(ports[i], ports[i + rng_.below(static_cast<std::uint32_t>(ports.size()) - i)]);
    }
    ports.resize(n);
    const std::uint32_t span = rng_.between(2, 11);
    const std::uint32_t start = scan_start(span);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t w = start + static_cast<std::uint32_t>(std::uint64_t{i} * span / n);
      scan_probe(scan, ip(target), ports[i], w);
    }
    std::sort(ports.begin(), ports.end());
    scan.ports = std::move(ports);
    scan.targets = {ip(target)};
    out_.scans.push_back(std::move(scan));
  }

  const Home& home_;
  const SimulationConfig& config_;
  Rng& rng_;
  HomeTraffic& out_;
  PeerBudget budget_;
  std::uint32_t total_windows_ = 0;
  double hours_ = 0;
  std::vector<std::uint16_t> next_ephemeral_;
  std::vector<double> busy_;
};

}  // namespace

void build_traffic(const Home& home, const SimulationConfig& config, Rng& rng,
                   HomeTraffic& traffic) {
  traffic.clear();
  TrafficBuilder(home, config, rng, traffic).build();
}

}  // namespace iotscope::sim
