#include "probe/tcp_connect_scanner.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <unordered_map>
#include <utility>

#include "probe/scan_ledger.hpp"

namespace iotscope {
namespace {

constexpr const char* kConnectScanName = "tcp connect scan";

// One scan's attempts awaiting an answer; the ledger keeps the rest.
class ConnectRun {
 public:
  ConnectRun(std::vector<ScanJob> jobs, const ProbeSettings& settings, ScanProgress progress)
      : settings_(settings),
        ledger_(std::move(jobs), Transport::tcp, settings, std::move(progress)),
        sockets_(kConnectScanName) {
    for (std::size_t i = 0; i < ledger_.size(); ++i) ledger_.queue(i);
  }

  std::vector<ServiceOffer> run() {
    while (ledger_.busy(in_flight_.size())) {
      while (const auto job = ledger_.next_to_send(in_flight_.size())) launch(*job);
      for (const int fd : sockets_.wait(ledger_.time_to_wake(in_flight_))) answered(fd);
      for (const std::size_t job : take_expired(in_flight_)) ledger_.retry_or_filter(job);
    }
    return ledger_.take_offers();
  }

 private:
  void launch(std::size_t job) {
    const ScanJob& j = ledger_.job(job);
    const SocketAddress target = SocketAddress::of(j.address, j.port.port);
    ScanSocket socket(::socket(target.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket.valid()) fail_with_errno(kConnectScanName, "socket");
    if (::connect(socket.get(), target.get(), target.length) == 0) {
      ledger_.finish(job, PortState::open, "syn-ack");
      return;
    }
    const int error = errno;
    if (error == EAGAIN) {
      ledger_.untried(job, QueueEnd::back);  // out of local ports for the moment
      return;
    }
    if (error != EINPROGRESS) {
      conclude(job, error);
      return;
    }
    sockets_.watch(socket.get(), EPOLLOUT);
    const int fd = socket.get();
    in_flight_.emplace(
        fd, SocketProbe{std::move(socket), job, ProbeClock::now() + settings_.connect_timeout});
  }

  void conclude(std::size_t job, int error) {
    if (error == 0) {
      ledger_.finish(job, PortState::open, "syn-ack");
    } else if (error == ECONNREFUSED) {
      ledger_.finish(job, PortState::closed, "conn-refused");
    } else if (error == ETIMEDOUT) {
      ledger_.retry_or_filter(job);
    } else {
      ledger_.finish(job, PortState::filtered, unreachable_reason(error));
    }
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

  const ProbeSettings& settings_;
  ScanLedger ledger_;
  ReadySockets sockets_;
  std::unordered_map<int, SocketProbe> in_flight_;
};

}  // namespace

TcpConnectScanner::TcpConnectScanner(TargetSet targets, ProbeSettings settings)
    : scope_(std::move(targets), settings) {}

std::vector<ServiceOffer> TcpConnectScanner::scan(const std::vector<IpAddress>& addresses,
                                                  const std::vector<ProbePort>& ports,
                                                  const ScanProgress& progress) const {
  std::vector<ScanJob> jobs = scope_.jobs(addresses, ports, Transport::tcp);
  if (jobs.empty()) return {};
  return ConnectRun(std::move(jobs), scope_.settings(), progress).run();
}

}  // namespace iotscope
