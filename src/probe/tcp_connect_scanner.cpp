#include "probe/tcp_connect_scanner.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace iotscope {
namespace {

struct Attempt {
  ScanSocket socket;
  std::size_t job = 0;
  ProbeClock::time_point deadline;
};

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("tcp connect scan: ") + what + ": " + std::strerror(errno));
}

// One scan's state: the queue of jobs still to send, the attempts awaiting an answer, and the
// results so far.
class ConnectRun {
 public:
  ConnectRun(const std::vector<ScanJob>& jobs, const ProbeSettings& settings,
             const ScanProgress& progress)
      : jobs_(jobs),
        settings_(settings),
        progress_(progress),
        limiter_(RateLimiter::for_probes(settings.max_probes_per_second)),
        epoll_(::epoll_create1(EPOLL_CLOEXEC)),
        tries_(jobs.size(), 0),
        results_(jobs.size()) {
    if (!epoll_.valid()) fail("epoll_create1");
    for (std::size_t i = 0; i < jobs.size(); ++i) pending_.push_back(i);
  }

  std::vector<ServiceOffer> run() {
    while (!pending_.empty() || !in_flight_.empty()) {
      launch_allowed();
      wait_for_events();
      expire_attempts();
    }
    std::vector<ServiceOffer> offers(results_.size());
    for (std::size_t i = 0; i < jobs_.size(); ++i) offers[jobs_[i].index] = std::move(*results_[i]);
    return offers;
  }

 private:
  void launch_allowed() {
    while (!pending_.empty() && in_flight_.size() < settings_.max_in_flight &&
           limiter_.try_acquire()) {
      const std::size_t job = pending_.front();
      pending_.pop_front();
      launch(job);
    }
  }

  void launch(std::size_t job) {
    ++tries_[job];
    const ScanJob& j = jobs_[job];
    const SocketAddress target = SocketAddress::of(j.address, j.port.port);
    ScanSocket socket(::socket(target.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket.valid()) fail("socket");
    if (::connect(socket.get(), target.get(), target.length) == 0) {
      finish(job, PortState::open, "syn-ack");
      return;
    }
    const int error = errno;
    if (error == EAGAIN) {
      // Out of local ports for the moment: not the target's fault, so it is no try.
      --tries_[job];
      pending_.push_back(job);
      return;
    }
    if (error != EINPROGRESS) {
      conclude(job, error);
      return;
    }
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.fd = socket.get();
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, socket.get(), &event) != 0) fail("epoll_ctl");
    const int fd = socket.get();
    in_flight_.emplace(
        fd, Attempt{std::move(socket), job, ProbeClock::now() + settings_.connect_timeout});
  }

  void conclude(std::size_t job, int error) {
    if (error == 0) {
      finish(job, PortState::open, "syn-ack");
    } else if (error == ECONNREFUSED) {
      finish(job, PortState::closed, "conn-refused");
    } else if (error == ETIMEDOUT) {
      retry_or_filter(job);
    } else {
      finish(job, PortState::filtered, unreachable_reason(error));
    }
  }

  void wait_for_events() {
    const ProbeClock::time_point now = ProbeClock::now();
    ProbeClock::time_point wake = now + std::chrono::seconds(1);
    for (const auto& [fd, attempt] : in_flight_) wake = std::min(wake, attempt.deadline);
    if (!pending_.empty() && in_flight_.size() < settings_.max_in_flight) {
      wake = std::min(wake, now + limiter_.until_next());
    }
    std::array<epoll_event, 64> events{};
    const int count =
        epoll_wait_for(epoll_.get(), events.data(), static_cast<int>(events.size()), wake - now);
    if (count < 0) {
      if (errno == EINTR) return;
      fail("epoll_wait");
    }
    for (int i = 0; i < count; ++i) answered(events[static_cast<std::size_t>(i)].data.fd);
  }

  void answered(int fd) {
    const auto it = in_flight_.find(fd);
    if (it == in_flight_.end()) return;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    const std::size_t job = it->second.job;
    in_flight_.erase(it);  // closes the socket; epoll forgets a closed descriptor
    conclude(job, error);
  }

  void expire_attempts() {
    const ProbeClock::time_point now = ProbeClock::now();
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      const std::size_t job = it->second.job;
      it = in_flight_.erase(it);
      retry_or_filter(job);
    }
  }

  void retry_or_filter(std::size_t job) {
    if (tries_[job] <= settings_.retries) {
      pending_.push_back(job);  // retried after the jobs already queued, like nmap
    } else {
      finish(job, PortState::filtered, "no-response");
    }
  }

  void finish(std::size_t job, PortState state, std::string reason) {
    const ScanJob& j = jobs_[job];
    ServiceOffer offer;
    offer.address = j.address;
    offer.port = j.port.port;
    offer.transport = Transport::tcp;
    offer.state = state;
    offer.reason = std::move(reason);
    offer.ts = wall_clock_seconds();
    results_[job] = std::move(offer);
    ++done_;
    if (progress_) progress_(done_, jobs_.size());
  }

  const std::vector<ScanJob>& jobs_;
  const ProbeSettings& settings_;
  const ScanProgress& progress_;
  RateLimiter limiter_;
  ScanSocket epoll_;
  std::deque<std::size_t> pending_;
  std::unordered_map<int, Attempt> in_flight_;
  std::vector<int> tries_;
  std::vector<std::optional<ServiceOffer>> results_;
  std::size_t done_ = 0;
};

}  // namespace

TcpConnectScanner::TcpConnectScanner(TargetSet targets, ProbeSettings settings)
    : targets_(std::move(targets)), settings_(settings) {
  if (settings_.max_in_flight == 0) {
    throw std::invalid_argument("max in flight: expected at least 1");
  }
}

std::vector<ServiceOffer> TcpConnectScanner::scan(const std::vector<IpAddress>& addresses,
                                                  const std::vector<ProbePort>& ports,
                                                  const ScanProgress& progress) const {
  require_targets(targets_, addresses);
  const std::vector<ScanJob> jobs = interleaved_jobs(addresses, ports, Transport::tcp);
  if (jobs.empty()) return {};
  return ConnectRun(jobs, settings_, progress).run();
}

}  // namespace iotscope
