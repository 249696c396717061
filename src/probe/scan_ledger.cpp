#include "probe/scan_ledger.hpp"

#include <utility>

#include "probe/discovery_common.hpp"

namespace iotscope {

ScanLedger::ScanLedger(std::vector<ScanJob> jobs, Transport transport,
                       const ProbeSettings& settings, ScanProgress progress)
    : jobs_(std::move(jobs)),
      transport_(transport),
      max_in_flight_(settings.max_in_flight),
      retries_(settings.retries),
      progress_(std::move(progress)),
      limiter_(RateLimiter::for_probes(settings.max_probes_per_second)),
      tries_(jobs_.size(), 0),
      results_(jobs_.size()) {}

std::optional<std::size_t> ScanLedger::next_to_send(std::size_t in_flight) {
  if (pending_.empty() || in_flight >= max_in_flight_ || !limiter_.try_acquire()) {
    return std::nullopt;
  }
  const std::size_t job = pending_.front();
  pending_.pop_front();
  ++tries_[job];
  return job;
}

void ScanLedger::untried(std::size_t job, QueueEnd end) {
  --tries_[job];
  if (end == QueueEnd::front) {
    pending_.push_front(job);
  } else {
    pending_.push_back(job);
  }
}

void ScanLedger::retry_or_filter(std::size_t job) {
  if (tries_[job] <= retries_) {
    pending_.push_back(job);
  } else {
    finish(job, PortState::filtered, "no-response");
  }
}

ServiceOffer& ScanLedger::finish(std::size_t job, PortState state, std::string reason) {
  const ScanJob& j = jobs_[job];
  ServiceOffer offer;
  offer.address = j.address;
  offer.port = j.port.port;
  offer.transport = transport_;
  offer.state = state;
  offer.reason = std::move(reason);
  offer.ts = unix_time_now();
  results_[job] = std::move(offer);
  ++done_;
  if (progress_) progress_(done_, jobs_.size());
  return *results_[job];
}

std::vector<ServiceOffer> ScanLedger::take_offers() {
  std::vector<ServiceOffer> offers(results_.size());
  for (std::size_t i = 0; i < jobs_.size(); ++i) offers[jobs_[i].index] = std::move(*results_[i]);
  return offers;
}

}  // namespace iotscope
