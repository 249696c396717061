#pragma once
// What one scan owes its caller: an offer for every (address, port) job, in the caller's order.
// The scanners differ in how a probe goes out and what counts as its answer; the queue of jobs
// still to send, the tries spent on each, the pacing and the bookkeeping of results are the
// same for the SYN, connect and UDP scans, and live here.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "model/service_offer.hpp"
#include "probe/probe_settings.hpp"
#include "probe/rate_limiter.hpp"
#include "probe/scan_socket.hpp"

namespace iotscope {

// Where a job goes back into the queue.
enum class QueueEnd { front, back };

class ScanLedger {
 public:
  // Nothing is queued yet: the scanner queues each job it will send (one it can already
  // answer, such as an unroutable address, it finishes instead). Offers carry `transport`.
  ScanLedger(std::vector<ScanJob> jobs, Transport transport, const ProbeSettings& settings,
             ScanProgress progress);

  const ScanJob& job(std::size_t job) const { return jobs_[job]; }
  std::size_t size() const { return jobs_.size(); }

  void queue(std::size_t job) { pending_.push_back(job); }

  // Whether the scan loop has anything left to send or to wait for.
  bool busy(std::size_t in_flight) const { return !pending_.empty() || in_flight > 0; }

  // The next job to send, counted as one more try, while the queue has one, fewer than
  // max_in_flight probes await an answer and the rate limiter has a token for it.
  std::optional<std::size_t> next_to_send(std::size_t in_flight);

  // Takes back a job next_to_send gave out that never left because our own side was out of
  // room (no local port, a full send queue): not the target's fault, so it spends no try.
  void untried(std::size_t job, QueueEnd end);

  // After an unanswered try: queued again behind the jobs already waiting, like nmap, while
  // tries remain; filtered with "no-response" after the last.
  void retry_or_filter(std::size_t job);

  // Records the job's offer (stamped now) and reports progress. The reference lets the scanner
  // add what the answer said; it stays valid until take_offers().
  ServiceOffer& finish(std::size_t job, PortState state, std::string reason);

  // How long the scan loop may sleep: until the earliest deadline of the probes `in_flight`
  // (entries with a `deadline`), or the limiter's next token when another probe may launch, at
  // most a second. Zero or less means look now.
  template <typename InFlight>
  ProbeClock::duration time_to_wake(const InFlight& in_flight) {
    const ProbeClock::time_point now = ProbeClock::now();
    ProbeClock::time_point wake = now + std::chrono::seconds(1);
    for (const auto& entry : in_flight) wake = std::min(wake, entry.second.deadline);
    if (!pending_.empty() && in_flight.size() < max_in_flight_) {
      wake = std::min(wake, now + limiter_.until_next());
    }
    return wake - now;
  }

  // Every job's offer, indexed by ScanJob::index. Each job must have been finished.
  std::vector<ServiceOffer> take_offers();

 private:
  std::vector<ScanJob> jobs_;
  Transport transport_;
  std::size_t max_in_flight_;
  int retries_;
  ScanProgress progress_;
  RateLimiter limiter_;
  std::deque<std::size_t> pending_;
  std::vector<int> tries_;
  std::vector<std::optional<ServiceOffer>> results_;
  std::size_t done_ = 0;
};

// A probe awaiting its answer on a socket of its own, as the connect and UDP scans send them;
// the socket closes, and drops out of epoll, when the entry goes.
struct SocketProbe {
  ScanSocket socket;
  std::size_t job = 0;
  ProbeClock::time_point deadline;
};

// Removes the probes of `in_flight` (a map to entries with `job` and `deadline`) whose deadline
// has passed and returns their jobs, in the map's order.
template <typename InFlight>
std::vector<std::size_t> take_expired(InFlight& in_flight) {
  const ProbeClock::time_point now = ProbeClock::now();
  std::vector<std::size_t> expired;
  for (auto it = in_flight.begin(); it != in_flight.end();) {
    if (it->second.deadline > now) {
      ++it;
      continue;
    }
    expired.push_back(it->second.job);
    it = in_flight.erase(it);
  }
  return expired;
}

}  // namespace iotscope
