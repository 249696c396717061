#pragma once
// What the scanners share: an owned file descriptor, socket addresses from IpAddress, the
// order probes go out in, and the refusal of anything outside the user's targets.
#include <sys/epoll.h>
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/ip_address.hpp"
#include "probe/port_list.hpp"
#include "probe/target_set.hpp"

namespace iotscope {

// (done, total) after each finished probe, for a progress bar.
using ScanProgress = std::function<void(std::size_t done, std::size_t total)>;

class ScanSocket {
 public:
  ScanSocket() = default;
  explicit ScanSocket(int fd) : fd_(fd) {}
  ScanSocket(ScanSocket&& other) noexcept : fd_(other.release()) {}
  ScanSocket& operator=(ScanSocket&& other) noexcept;
  ScanSocket(const ScanSocket&) = delete;
  ScanSocket& operator=(const ScanSocket&) = delete;
  ~ScanSocket();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();

 private:
  int fd_ = -1;
};

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  static SocketAddress of(const IpAddress& address, std::uint16_t port);
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};

// One (address, port) pair to probe; `index` is its place in the result list.
struct ScanJob {
  IpAddress address;
  ProbePort port;
  std::size_t index = 0;
};

// Throws std::invalid_argument naming the first address outside `targets`; every scanner calls
// it before it sends anything.
void require_targets(const TargetSet& targets, const std::vector<IpAddress>& addresses);

// The pairs of `addresses` x the ports of `ports` with `transport`. Results are indexed
// address-major (all ports of one device together); the returned order is port-major, so
// consecutive probes go to different devices and no single device takes the whole burst.
std::vector<ScanJob> interleaved_jobs(const std::vector<IpAddress>& addresses,
                                      const std::vector<ProbePort>& ports, Transport transport);

// epoll_wait until `deadline` at most, with sub-millisecond precision where the kernel offers
// epoll_pwait2 (Linux 5.11) and whole milliseconds, rounded up, where it does not.
int epoll_wait_for(int epoll_fd, epoll_event* events, int max_events,
                   std::chrono::steady_clock::duration wait);

// Seconds since the Unix epoch, the `ts` of records.
double wall_clock_seconds();

// nmap's reasons for a failed connection attempt: "host-unreach", "net-unreach", ...
std::string unreachable_reason(int error);

}  // namespace iotscope
