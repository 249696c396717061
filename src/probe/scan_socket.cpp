#include "probe/scan_socket.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace iotscope {
namespace {

int epoll_wait_for(int epoll_fd, epoll_event* events, int max_events,
                   std::chrono::steady_clock::duration wait) {
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

}  // namespace

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

ReadySockets::ReadySockets(std::string owner)
    : owner_(std::move(owner)), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_.valid()) fail_with_errno(owner_, "epoll_create1");
}

void ReadySockets::watch(int fd, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0)
    fail_with_errno(owner_, "epoll_ctl");
}

std::vector<int> ReadySockets::wait(std::chrono::steady_clock::duration wait) {
  std::array<epoll_event, 64> events{};
  const int count = epoll_wait_for(epoll_.get(), events.data(), static_cast<int>(events.size()),
                                   std::max(std::chrono::steady_clock::duration::zero(), wait));
  if (count < 0) {
    if (errno == EINTR) return {};
    fail_with_errno(owner_, "epoll_wait");
  }
  std::vector<int> ready;
  ready.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) ready.push_back(events[static_cast<std::size_t>(i)].data.fd);
  return ready;
}

void fail_with_errno(const std::string& owner, const std::string& call) {
  throw std::runtime_error(owner + ": " + call + ": " + std::strerror(errno));
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
