#include "probe/scan_ledger.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "probe_test_addresses.hpp"

namespace iotscope {
namespace {

using namespace std::chrono_literals;

using probe_test::ip;

// Three jobs, sent in the order given; index 2 goes first in the results, then 0, then 1.
std::vector<ScanJob> three_jobs() {
  return {{ip("10.0.0.1"), {80, Transport::tcp}, 2},
          {ip("10.0.0.2"), {80, Transport::tcp}, 0},
          {ip("10.0.0.3"), {22, Transport::tcp}, 1}};
}

ProbeSettings fast_settings(int retries) {
  ProbeSettings settings;
  settings.max_probes_per_second = 1e6;  // a token every microsecond
  settings.max_in_flight = 2;
  settings.retries = retries;
  return settings;
}

// The next job once the limiter has a token for it (it refills within microseconds).
std::size_t next(ScanLedger& ledger, std::size_t in_flight) {
  for (int i = 0; i < 1000; ++i) {
    if (const auto job = ledger.next_to_send(in_flight)) return *job;
    std::this_thread::sleep_for(1ms);
  }
  throw std::runtime_error("the ledger gave out no job");
}

TEST(ScanLedger, RetriesGoBehindQueuedJobsThenFilter) {
  ScanLedger ledger(three_jobs(), Transport::tcp, fast_settings(1), {});
  for (std::size_t i = 0; i < 3; ++i) ledger.queue(i);
  EXPECT_EQ(next(ledger, 0), 0u);
  EXPECT_FALSE(ledger.next_to_send(2).has_value());  // two in flight already: no more
  ledger.retry_or_filter(0);                         // its first try went unanswered
  EXPECT_EQ(next(ledger, 0), 1u);
  EXPECT_EQ(next(ledger, 0), 2u);
  EXPECT_EQ(next(ledger, 0), 0u);  // the retry, after the jobs that were queued
  ledger.retry_or_filter(0);       // its last try: filtered, not queued again
  EXPECT_FALSE(ledger.next_to_send(0).has_value());
  EXPECT_TRUE(ledger.busy(1));
  EXPECT_FALSE(ledger.busy(0));
  ledger.finish(1, PortState::open, "syn-ack");
  ledger.finish(2, PortState::closed, "reset");
  const auto offers = ledger.take_offers();
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(offers[2].address, ip("10.0.0.1"));
  EXPECT_EQ(offers[2].state, PortState::filtered);
  EXPECT_EQ(offers[2].reason, "no-response");
  EXPECT_EQ(offers[0].address, ip("10.0.0.2"));
  EXPECT_EQ(offers[0].state, PortState::open);
  EXPECT_EQ(offers[0].reason, "syn-ack");
  EXPECT_EQ(offers[1].port, 22);
  EXPECT_EQ(offers[1].state, PortState::closed);
  EXPECT_EQ(offers[1].transport, Transport::tcp);
  EXPECT_GT(offers[1].ts, 1.6e9);
}

TEST(ScanLedger, UntriedJobsSpendNoTry) {
  ScanLedger ledger(three_jobs(), Transport::udp, fast_settings(1), {});
  for (std::size_t i = 0; i < 3; ++i) ledger.queue(i);
  EXPECT_EQ(next(ledger, 0), 0u);
  ledger.untried(0, QueueEnd::front);
  EXPECT_EQ(next(ledger, 0), 0u);  // first again
  ledger.untried(0, QueueEnd::back);
  EXPECT_EQ(next(ledger, 0), 1u);
  EXPECT_EQ(next(ledger, 0), 2u);
  EXPECT_EQ(next(ledger, 0), 0u);
  // Given out three times but given back twice: this was its first try, so it gets a second.
  ledger.retry_or_filter(0);
  EXPECT_EQ(next(ledger, 0), 0u);
  ledger.retry_or_filter(0);
  ledger.finish(1, PortState::closed, "port-unreach");
  ledger.finish(2, PortState::closed, "port-unreach");
  const auto offers = ledger.take_offers();
  EXPECT_EQ(offers[2].state, PortState::filtered);
  EXPECT_EQ(offers[2].reason, "no-response");
  for (const auto& offer : offers) EXPECT_EQ(offer.transport, Transport::udp);
}

TEST(ScanLedger, ReportsProgressAndKeepsWhatTheScannerAdds) {
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  ScanLedger ledger(three_jobs(), Transport::udp, fast_settings(1),
                    [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  ledger.finish(2, PortState::open, "udp-response").banner = "hello";
  ledger.finish(0, PortState::closed, "port-unreach");
  ledger.finish(1, PortState::filtered, "host-unreach");
  const std::vector<std::pair<std::size_t, std::size_t>> expected = {{1, 3}, {2, 3}, {3, 3}};
  EXPECT_EQ(calls, expected);
  const auto offers = ledger.take_offers();
  EXPECT_EQ(offers[1].banner, "hello");
  EXPECT_EQ(offers[1].reason, "udp-response");
  EXPECT_EQ(offers[2].reason, "port-unreach");
  EXPECT_EQ(offers[0].reason, "host-unreach");
}

TEST(ScanLedger, WakesAtTheEarliestDeadlineOrTheNextToken) {
  struct Waiting {
    std::size_t job = 0;
    ProbeClock::time_point deadline;
  };
  ProbeSettings slow = fast_settings(1);
  slow.max_probes_per_second = 1;  // the next token is a second away once the first is spent
  ScanLedger ledger(three_jobs(), Transport::tcp, slow, {});
  for (std::size_t i = 0; i < 3; ++i) ledger.queue(i);
  ASSERT_EQ(ledger.next_to_send(0), std::optional<std::size_t>{0});
  std::map<std::size_t, Waiting> in_flight;
  EXPECT_GT(ledger.time_to_wake(in_flight), 900ms);  // the token, or the one-second cap
  in_flight[0] = Waiting{0, ProbeClock::now() + 300ms};
  const auto wake = ledger.time_to_wake(in_flight);
  EXPECT_GT(wake, 250ms);
  EXPECT_LE(wake, 300ms);
  in_flight[1] = Waiting{1, ProbeClock::now() - 1ms};
  EXPECT_LT(ledger.time_to_wake(in_flight), 0ms);
  EXPECT_EQ(take_expired(in_flight), std::vector<std::size_t>{1});
  EXPECT_EQ(in_flight.size(), 1u);
  EXPECT_TRUE(take_expired(in_flight).empty());
}

}  // namespace
}  // namespace iotscope
