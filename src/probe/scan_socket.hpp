#pragma once
// What the scanners share: an owned file descriptor, socket addresses from IpAddress, the
// order probes go out in, the refusal of anything outside the user's targets, and the wait for
// answers.
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

// Throws std::runtime_error "`owner`: `call`: <errno's text>".
[[noreturn]] void fail_with_errno(const std::string& owner, const std::string& call);

// The sockets a scan awaits answers on. Errors throw std::runtime_error starting with `owner`
// ("tcp connect scan: epoll_ctl: ...").
class ReadySockets {
 public:
  explicit ReadySockets(std::string owner);

  // Watches `fd` for `events` (EPOLLIN, EPOLLOUT). A closed descriptor drops out by itself.
  void watch(int fd, std::uint32_t events);

  // The descriptors that became ready within `wait` (none once it passes, or when a signal cut
  // the wait short), with sub-millisecond precision where the kernel offers epoll_pwait2
  // (Linux 5.11) and whole milliseconds, rounded up, where it does not.
  std::vector<int> wait(std::chrono::steady_clock::duration wait);

 private:
  std::string owner_;
  ScanSocket epoll_;
};

// nmap's reasons for a failed connection attempt: "host-unreach", "net-unreach", ...
std::string unreachable_reason(int error);

}  // namespace iotscope
