#include "probe/syn_scanner.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <utility>
#include <variant>

#include "probe/scan_ledger.hpp"

namespace iotscope {
namespace {

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
constexpr std::size_t kTcpHeader = 20;
constexpr std::size_t kSynLength = 24;  // header plus an MSS option, like nmap's SYN

[[noreturn]] void fail(const std::string& call) {
  fail_with_errno("syn scan", call);
}

std::uint16_t read16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t read32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
void write16(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
void write32(std::uint8_t* p, std::uint32_t v) {
  write16(p, v >> 16);
  write16(p + 2, v);
}

// The bytes of an address as it appears on the wire: 4 for IPv4, 16 for IPv6.
std::vector<std::uint8_t> wire_bytes(const IpAddress& address) {
  const auto& b = address.bytes();
  return address.is_v4() ? std::vector<std::uint8_t>(b.begin() + 12, b.end())
                         : std::vector<std::uint8_t>(b.begin(), b.end());
}

std::uint32_t add_words(std::uint32_t sum, const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += read16(p + i);
  if (n % 2 != 0) sum += std::uint32_t{p[n - 1]} << 8;
  return sum;
}

// RFC 793 / RFC 8200 checksum over the pseudo-header and the segment.
std::uint16_t tcp_checksum(const IpAddress& source, const IpAddress& destination,
                           const std::uint8_t* segment, std::size_t length) {
  const auto src = wire_bytes(source);
  const auto dst = wire_bytes(destination);
  std::uint32_t sum = add_words(0, src.data(), src.size());
  sum = add_words(sum, dst.data(), dst.size());
  sum += IPPROTO_TCP;
  sum += static_cast<std::uint32_t>(length);
  sum = add_words(sum, segment, length);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// The source address the kernel would pick for `target` (a connected UDP socket sends
// nothing), or the routing error when there is none.
std::variant<IpAddress, int> source_for(const IpAddress& target) {
  const SocketAddress to = SocketAddress::of(target, 9);
  ScanSocket probe(::socket(to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!probe.valid()) fail("socket");
  if (::connect(probe.get(), to.get(), to.length) != 0) return errno;
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  ::getsockname(probe.get(), reinterpret_cast<sockaddr*>(&local), &length);
  if (local.ss_family == AF_INET) {
    return IpAddress::v4(ntohl(reinterpret_cast<sockaddr_in*>(&local)->sin_addr.s_addr));
  }
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr.s6_addr, 16);
  return IpAddress::v6(bytes);
}

// A TCP port of ours that no other socket will take during the scan, so the answers to our
// SYNs cannot be confused with another program's connections.
std::pair<ScanSocket, std::uint16_t> reserve_port(int family) {
  ScanSocket holder(::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!holder.valid()) fail("socket");
  const SocketAddress any =
      SocketAddress::of(family == AF_INET ? IpAddress::v4(0) : IpAddress::v6({}), 0);
  if (::bind(holder.get(), any.get(), any.length) != 0) fail("bind");
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(holder.get(), reinterpret_cast<sockaddr*>(&bound), &length);
  const std::uint16_t port =
      ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                              : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return {std::move(holder), port};
}

struct RawChannel {
  ScanSocket socket;
  ScanSocket port_holder;
  std::uint16_t source_port = 0;
};

RawChannel open_channel(int family) {
  RawChannel channel;
  channel.socket =
      ScanSocket(::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
  if (!channel.socket.valid()) fail("raw socket (needs root or CAP_NET_RAW)");
  // The socket sees every TCP packet the host receives; room for a burst of them.
  const int buffer = 4 << 20;
  ::setsockopt(channel.socket.get(), SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  auto [holder, port] = reserve_port(family);
  channel.port_holder = std::move(holder);
  channel.source_port = port;
  return channel;
}

struct InFlight {
  std::size_t job = 0;
  ProbeClock::time_point deadline;
};

// One scan's raw channels and the SYNs awaiting an answer; the ledger keeps the rest.
class SynRun {
 public:
  SynRun(std::vector<ScanJob> jobs, const ProbeSettings& settings, ScanProgress progress)
      : settings_(settings),
        ledger_(std::move(jobs), Transport::tcp, settings, std::move(progress)),
        secret_(std::random_device{}()) {
    for (std::size_t i = 0; i < ledger_.size(); ++i) {
      const IpAddress& a = ledger_.job(i).address;
      if (!sources_.count(a)) sources_.emplace(a, source_for(a));
      if (const int* error = std::get_if<int>(&sources_.at(a))) {
        ledger_.finish(i, PortState::filtered, unreachable_reason(*error));
        continue;
      }
      ledger_.queue(i);
      auto& channel = a.is_v4() ? v4_ : v6_;
      if (!channel) channel = open_channel(a.is_v4() ? AF_INET : AF_INET6);
      by_target_.emplace(std::make_pair(a, ledger_.job(i).port.port), i);
    }
  }

  std::vector<ServiceOffer> run() {
    while (ledger_.busy(in_flight_.size())) {
      while (const auto job = ledger_.next_to_send(in_flight_.size())) send_syn(*job);
      receive_for(ledger_.time_to_wake(in_flight_));
      for (const std::size_t job : take_expired(in_flight_)) ledger_.retry_or_filter(job);
    }
    return ledger_.take_offers();
  }

 private:
  std::uint32_t cookie(const ScanJob& j) const {
    std::uint64_t h = secret_ ^ j.address.hash();
    h = (h ^ j.port.port) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }

  void send_syn(std::size_t job) {
    const ScanJob& j = ledger_.job(job);
    RawChannel& channel = j.address.is_v4() ? *v4_ : *v6_;
    std::array<std::uint8_t, kSynLength> segment{};
    write16(&segment[0], channel.source_port);
    write16(&segment[2], j.port.port);
    write32(&segment[4], cookie(j));
    segment[12] = static_cast<std::uint8_t>((kSynLength / 4) << 4);
    segment[13] = kSyn;
    write16(&segment[14], 1024);  // nmap's window
    segment[20] = 2;              // MSS option, length 4, 1460
    segment[21] = 4;
    write16(&segment[22], 1460);
    write16(&segment[16], tcp_checksum(std::get<IpAddress>(sources_.at(j.address)), j.address,
                                       segment.data(), segment.size()));
    const SocketAddress to = SocketAddress::of(j.address, 0);
    if (::sendto(channel.socket.get(), segment.data(), segment.size(), 0, to.get(), to.length) <
        0) {
      if (errno == ENOBUFS || errno == EAGAIN) {
        ledger_.untried(job, QueueEnd::front);  // our send queue was full
        return;
      }
      ledger_.finish(job, PortState::filtered, unreachable_reason(errno));
      return;
    }
    in_flight_[job] = InFlight{job, ProbeClock::now() + settings_.connect_timeout};
  }

  // Reads whatever the raw channels hold after waiting up to `wait` for the first of it.
  void receive_for(ProbeClock::duration wait) {
    wait = std::max(ProbeClock::duration::zero(), wait);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait);
    const timespec timeout{static_cast<time_t>(seconds.count()),
                           static_cast<long>((wait - seconds).count())};
    std::array<pollfd, 2> fds{};
    nfds_t count = 0;
    for (const auto* channel : {&v4_, &v6_}) {
      if (*channel) fds[count++] = pollfd{(*channel)->socket.get(), POLLIN, 0};
    }
    if (::ppoll(fds.data(), count, &timeout, nullptr) < 0 && errno != EINTR) fail("ppoll");
    if (v4_) drain(*v4_, true);
    if (v6_) drain(*v6_, false);
  }

  void drain(const RawChannel& channel, bool v4) {
    std::array<std::uint8_t, 2048> buffer{};
    for (;;) {
      sockaddr_storage from{};
      socklen_t from_length = sizeof from;
      const ssize_t n = ::recvfrom(channel.socket.get(), buffer.data(), buffer.size(), 0,
                                   reinterpret_cast<sockaddr*>(&from), &from_length);
      if (n < 0) return;
      const std::size_t size = static_cast<std::size_t>(n);
      if (v4) {
        if (size < 20) continue;
        const std::size_t header = std::size_t{buffer[0] & 0x0fU} * 4U;
        if (size < header + kTcpHeader) continue;
        const IpAddress source = IpAddress::v4(read32(&buffer[12]));
        examine(channel, source, buffer.data() + header);
      } else {
        if (size < kTcpHeader || from.ss_family != AF_INET6) continue;
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), reinterpret_cast<sockaddr_in6*>(&from)->sin6_addr.s6_addr, 16);
        examine(channel, IpAddress::v6(bytes), buffer.data());
      }
    }
  }

  void examine(const RawChannel& channel, const IpAddress& source, const std::uint8_t* tcp) {
    if (read16(tcp + 2) != channel.source_port) return;
    const auto it = by_target_.find({source, read16(tcp)});
    if (it == by_target_.end() || !in_flight_.count(it->second)) return;
    const std::size_t job = it->second;
    const std::uint8_t flags = tcp[13];
    if ((flags & kAck) == 0 || read32(tcp + 8) != cookie(ledger_.job(job)) + 1) return;  // not ours
    if ((flags & (kSyn | kRst | kFin)) == kSyn) {
      in_flight_.erase(job);
      ledger_.finish(job, PortState::open, "syn-ack");
    } else if ((flags & kRst) != 0) {
      in_flight_.erase(job);
      ledger_.finish(job, PortState::closed, "reset");
    }
  }

  const ProbeSettings& settings_;
  ScanLedger ledger_;
  std::uint64_t secret_;
  std::optional<RawChannel> v4_;
  std::optional<RawChannel> v6_;
  std::map<IpAddress, std::variant<IpAddress, int>> sources_;
  std::map<std::pair<IpAddress, std::uint16_t>, std::size_t> by_target_;
  std::map<std::size_t, InFlight> in_flight_;
};

}  // namespace

bool syn_scan_available() {
  const ScanSocket probe(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP));
  return probe.valid();
}

SynScanner::SynScanner(TargetSet targets, ProbeSettings settings)
    : scope_(std::move(targets), settings) {}

std::vector<ServiceOffer> SynScanner::scan(const std::vector<IpAddress>& addresses,
                                           const std::vector<ProbePort>& ports,
                                           const ScanProgress& progress) const {
  std::vector<ScanJob> jobs = scope_.jobs(addresses, ports, Transport::tcp);
  if (jobs.empty()) return {};
  return SynRun(std::move(jobs), scope_.settings(), progress).run();
}

}  // namespace iotscope
