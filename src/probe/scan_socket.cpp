#include "probe/scan_socket.hpp"

#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace iotscope {

ScanSocket& ScanSocket::operator=(ScanSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

ScanSocket::~ScanSocket() {
  if (fd_ >= 0) ::close(fd_);
}

int ScanSocket::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

SocketAddress SocketAddress::of(const IpAddress& address, std::uint16_t port) {
  SocketAddress out;
  if (address.is_v4()) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    v4.sin_addr.s_addr = htonl(address.v4_value());
    std::memcpy(&out.storage, &v4, sizeof v4);
    out.length = sizeof v4;
  } else {
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    std::memcpy(v6.sin6_addr.s6_addr, address.bytes().data(), 16);
    std::memcpy(&out.storage, &v6, sizeof v6);
    out.length = sizeof v6;
  }
  return out;
}

void require_targets(const TargetSet& targets, const std::vector<IpAddress>& addresses) {
  for (const IpAddress& address : addresses) {
    if (!targets.contains(address)) {
      throw std::invalid_argument("refusing to probe " + address.to_string() +
                                  ": it is not among the targets " + targets.describe());
    }
  }
}

std::vector<ScanJob> interleaved_jobs(const std::vector<IpAddress>& addresses,
                                      const std::vector<ProbePort>& ports, Transport transport) {
  std::vector<ProbePort> selected;
  for (const ProbePort& port : ports) {
    if (port.transport == transport) selected.push_back(port);
  }
  std::vector<ScanJob> jobs;
  jobs.reserve(addresses.size() * selected.size());
  for (std::size_t p = 0; p < selected.size(); ++p) {
    for (std::size_t a = 0; a < addresses.size(); ++a) {
      jobs.push_back({addresses[a], selected[p], a * selected.size() + p});
    }
  }
  return jobs;
}

int epoll_wait_for(int epoll_fd, epoll_event* events, int max_events,
                   std::chrono::steady_clock::duration wait) {
  wait = std::max(std::chrono::steady_clock::duration::zero(), wait);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait);
  const timespec timeout{
      static_cast<time_t>(seconds.count()),
      static_cast<long>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(wait - seconds).count())};
  const int count = ::epoll_pwait2(epoll_fd, events, max_events, &timeout, nullptr);
  if (count >= 0 || errno != ENOSYS) return count;
  const auto millis = std::chrono::ceil<std::chrono::milliseconds>(wait);
  return ::epoll_wait(epoll_fd, events, max_events, static_cast<int>(millis.count()));
}

double wall_clock_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string unreachable_reason(int error) {
  switch (error) {
    case EHOSTUNREACH:
      return "host-unreach";
    case ENETUNREACH:
      return "net-unreach";
    case EACCES:
    case EPERM:
      return "admin-prohibited";
    default:
      return std::string("error: ") + std::strerror(error);
  }
}

}  // namespace iotscope
