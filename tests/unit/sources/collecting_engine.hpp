#pragma once
// Test double of the engine: every aggregator keeps the flows it is given, and absorb() gathers
// them, so a test can assert the exact FlowRecords a source produced.
#include <algorithm>
#include <memory>
#include <mutex>
#include <tuple>
#include <vector>

#include "engine/engine.hpp"

namespace iotscope::testing {

class CollectingAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord& flow) override { flows.push_back(flow); }
  std::vector<FlowRecord> flows;
};

class CollectingEngine final : public Engine {
 public:
  std::unique_ptr<FlowAggregator> make_aggregator() override {
    std::lock_guard lock(mutex_);
    ++aggregators_made;
    return std::make_unique<CollectingAggregator>();
  }
  void absorb(std::unique_ptr<FlowAggregator> partial) override {
    std::lock_guard lock(mutex_);
    ++aggregators_absorbed;
    auto& mine = static_cast<CollectingAggregator&>(*partial).flows;
    flows.insert(flows.end(), mine.begin(), mine.end());
  }
  Summaries summarize() override { return {}; }

  // Flows in a stable order: by device, ports, remote and start time.
  std::vector<FlowRecord> sorted_flows() const {
    auto out = flows;
    std::sort(out.begin(), out.end(), [](const FlowRecord& a, const FlowRecord& b) {
      return std::tie(a.device, a.device_port, a.remote_ip, a.remote_port, a.transport,
                      a.first_ts) <
             std::tie(b.device, b.device_port, b.remote_ip, b.remote_port, b.transport, b.first_ts);
    });
    return out;
  }

  std::vector<FlowRecord> flows;
  int aggregators_made = 0;
  int aggregators_absorbed = 0;

 private:
  std::mutex mutex_;
};

}  // namespace iotscope::testing
