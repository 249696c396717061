#include "sources/pcap/flow_workers.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <thread>
#include <tuple>

#include "sources/pcap/handoff_queue.hpp"
#include "sources/pcap/inspection_gate.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

// A batch goes to its worker when it holds this many packets (or batch_bytes), or at an epoch's
// end.
constexpr std::size_t kBatchPackets = 512;
// At the end of input the connections still open go to the reader in sorted slices of this many,
// at most kSlicesInFlight of them waiting per worker: the reader writes the first while the
// workers emit the rest, and no worker copies all of its table at once.
constexpr std::size_t kSliceConnections = 1024;
constexpr std::size_t kSlicesInFlight = 4;
constexpr std::size_t kAllSlices = std::numeric_limits<std::size_t>::max();

using Epoch = std::vector<FinishedConnection>;

std::uint64_t address_hash(const IpAddress& ip) {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  std::memcpy(&high, ip.bytes().data(), 8);
  std::memcpy(&low, ip.bytes().data() + 8, 8);
  return mix64(high ^ (low * 0x9E3779B97F4A7C15ULL));
}

// Both directions between two hosts go to the same worker.
std::size_t owner_of(const DecodedPacket& packet, std::size_t workers) {
  const std::uint64_t h = mix64(address_hash(packet.src_ip) + address_hash(packet.dst_ip));
  return static_cast<std::size_t>(((h >> 32) * workers) >> 32);
}

// The order connections of one epoch are handed on in: by when they ended, then fields that
// tell connections apart whichever worker emitted them.
auto order_key(const Connection& c) {
  return std::tie(c.close_ns, c.start_ns, c.uid, c.orig.ip, c.orig.port, c.resp.ip, c.resp.port,
                  c.ip_protocol);
}

FlowTableConfig worker_table_config(FlowTableConfig config, unsigned workers) {
  config.max_connections =
      std::max<std::uint32_t>(1, (config.max_connections + workers - 1) / workers);
  config.full_sweeps = false;  // the reader ends epochs for every worker at once
  return config;
}

std::uint32_t worker_share(std::uint32_t total, unsigned workers) {
  return std::max<std::uint32_t>(1, total / workers);
}

InspectionLimits worker_inspection(const FlowWorkersOptions& options) {
  InspectionLimits limits = options.inspection;
  limits.max_buffered_bytes /= std::max(1U, options.workers);
  return limits;
}

}  // namespace

class FlowWorkers::Worker {
 public:
  Worker(const FlowWorkersOptions& options, bool threaded)
      : inspector_(worker_inspection(options)),
        gate_(inspector_, worker_share(options.max_inspected_tcp, std::max(1U, options.workers)),
              worker_share(options.max_inspected_other, std::max(1U, options.workers))),
        table_(
            worker_table_config(options.flow_table, std::max(1U, options.workers)),
            [this, inspect = options.inspect_payload](const Connection& c) {
              FinishedConnection& finished = current_.emplace_back();
              finished.connection = c;
              if (inspect) finished.inspection = inspector_.take_result();
            },
            options.inspect_payload ? &gate_ : nullptr),
        input_(std::max<std::size_t>(1, options.batches_in_flight)),
        // A worker on the reader's thread emits every slice before the reader takes one.
        slices_(threaded ? kSlicesInFlight : std::numeric_limits<std::size_t>::max()) {
    // The gate lets at most its places through to the inspector (UINT32_MAX: no cap, no room
    // set aside).
    if (options.max_inspected_tcp != UINT32_MAX && options.max_inspected_other != UINT32_MAX)
      inspector_.reserve(static_cast<std::size_t>(gate_.places()));
    if (threaded) thread_ = std::thread([this] { loop(); });
  }

  ~Worker() {
    if (thread_.joinable()) thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void submit(std::unique_ptr<PacketBatch> batch) {
    if (thread_.joinable()) {
      input_.push(std::move(batch));
    } else {
      run(std::move(batch));
    }
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

  HandoffQueue<Epoch>& epochs() { return epochs_; }
  // Reader side: the next of the last, sorted slices (empty once they ended).
  Epoch take_slice() {
    if (slices_taken_ == kAllSlices) return {};
    Epoch slice = slices_.pop();
    // The first may be empty; an empty one after it ends them.
    slices_taken_ = slices_taken_ > 0 && slice.empty() ? kAllSlices : slices_taken_ + 1;
    return slice;
  }
  HandoffQueue<Epoch>& spare_slices() { return spare_slices_; }
  HandoffQueue<std::unique_ptr<PacketBatch>>& recycled() { return recycled_; }
  const FlowTable& table() const { return table_; }
  const InspectionGate& gate() const { return gate_; }
  const ConnectionInspector& inspector() const { return inspector_; }

 private:
  void loop() {
    for (;;) {
      std::unique_ptr<PacketBatch> batch = input_.pop();
      const bool last = batch->end == PacketBatch::End::input;
      run(std::move(batch));
      if (last) return;
    }
  }

  void run(std::unique_ptr<PacketBatch> batch) {
    table_.process(batch->packets, batch->network_ns);
    if (batch->end == PacketBatch::End::epoch) {
      table_.expire(batch->end_ns);
      largest_epoch_ = std::max(largest_epoch_, current_.size());
      epochs_.push(std::move(current_));
      // The reader returns handed-on epochs, so their capacity is reused; a new one starts as
      // large as the largest so far, so it neither grows (moving its connections to fresh
      // pages) step by step nor shrinks and grows again when epochs vary in size.
      current_ = spare_epochs_.try_pop().value_or(Epoch{});
      current_.reserve(largest_epoch_ + largest_epoch_ / 4);
    } else if (batch->end == PacketBatch::End::input) {
      flush_in_slices(batch->end_ns);
    }
    batch->clear();
    recycled_.push(std::move(batch));
  }

  // The end of input. The first slice holds the connections that ended with the last packets;
  // then every connection still tracked follows, in order, in slices, and an empty slice ends
  // them. Each of the two runs is sorted as epochs are.
  void flush_in_slices(std::int64_t end_ns) {
    std::sort(current_.begin(), current_.end(),
              [](const FinishedConnection& a, const FinishedConnection& b) {
                return order_key(a.connection) < order_key(b.connection);
              });
    slices_.push(std::move(current_));
    current_ = spare_epochs_.try_pop().value_or(Epoch{});
    table_.advance_to(end_ns);
    table_.flush_all_in_order([this] {
      if (current_.size() < kSliceConnections) return;
      slices_.push(std::move(current_));
      current_ = spare_slices_.try_pop().value_or(Epoch{});
      current_.reserve(kSliceConnections);
    });
    if (!current_.empty()) slices_.push(std::move(current_));
    slices_.push(Epoch{});
    current_ = Epoch{};
  }

  ConnectionInspector inspector_;
  InspectionGate gate_;
  FlowTable table_;
  Epoch current_;
  std::size_t largest_epoch_ = 0;  // connections in the largest epoch so far
  HandoffQueue<std::unique_ptr<PacketBatch>> input_;
  HandoffQueue<Epoch> epochs_;
  HandoffQueue<Epoch> spare_epochs_;
  HandoffQueue<std::unique_ptr<PacketBatch>> recycled_;
  HandoffQueue<Epoch> slices_;
  HandoffQueue<Epoch> spare_slices_;
  std::deque<Epoch> pending_;  // reader side: epochs received, not yet handed on
  // Reader side: slices taken so far; kAllSlices once the empty one that ends them was taken.
  std::size_t slices_taken_ = 0;
  std::thread thread_;

  friend class FlowWorkers;
};

FlowWorkers::FlowWorkers(const FlowWorkersOptions& options, FinishedConnectionSink sink)
    : sink_(std::move(sink)),
      epoch_ns_(std::max<std::int64_t>(1, options.epoch_ns)),
      epoch_packets_(std::max<std::uint64_t>(1, options.epoch_packets)),
      batch_bytes_(options.batch_bytes),
      keep_bytes_(options.inspect_payload) {
  const unsigned count = std::max(1U, options.workers);
  for (unsigned i = 0; i < count; ++i) {
    workers_.push_back(std::make_unique<Worker>(options, count > 1));
    filling_.push_back(std::make_unique<PacketBatch>(keep_bytes_));
  }
}

FlowWorkers::~FlowWorkers() {
  // Left early (an exception on the reading side): let the threads run out and stop.
  if (!finished_) {
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      filling_[w]->end = PacketBatch::End::input;
      send(w);
    }
  }
  // A worker emits its last slices before it stops, and waits while they are not taken.
  for (auto& worker : workers_) {
    while (worker->slices_taken_ != kAllSlices) worker->take_slice();
  }
  for (auto& worker : workers_) worker->join();
}

void FlowWorkers::add(const DecodedPacket& packet, const LendableBuffer* buffer) {
  if (!workers_.front()->table().tracks(packet)) {
    ++untracked_packets_;
    return;
  }
  network_ns_ = std::max(network_ns_, packet.ts_ns);
  if (last_sweep_ns_ == INT64_MIN) {
    last_sweep_ns_ = network_ns_;
  } else if (network_ns_ - last_sweep_ns_ >= epoch_ns_) {
    end_epoch(PacketBatch::End::epoch, network_ns_);
    last_sweep_ns_ = network_ns_;
  } else if (packets_in_epoch_ >= epoch_packets_) {
    end_epoch(PacketBatch::End::epoch, network_ns_);
  }
  ++packets_in_epoch_;
  const std::size_t w = workers_.size() == 1 ? 0 : owner_of(packet, workers_.size());
  PacketBatch& batch = *filling_[w];
  batch.add(packet, network_ns_, buffer);
  if (batch.packets.size() >= kBatchPackets || batch.byte_size() >= batch_bytes_) {
    send(w);
    hand_on_ready_epochs(false);
  }
}

void FlowWorkers::end_epoch(PacketBatch::End end, std::int64_t end_ns) {
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    filling_[w]->end = end;
    filling_[w]->end_ns = end_ns;
    send(w);
  }
  packets_in_epoch_ = 0;
  // The input's end comes as slices (hand_on_last_slices).
  if (end == PacketBatch::End::epoch) ++epochs_ended_;
  hand_on_ready_epochs(false);
}

std::unique_ptr<PacketBatch> FlowWorkers::fresh_batch() {
  for (auto& worker : workers_) {
    if (auto batch = worker->recycled().try_pop()) return std::move(*batch);
  }
  return std::make_unique<PacketBatch>(keep_bytes_);
}

void FlowWorkers::send(std::size_t w) {
  std::unique_ptr<PacketBatch> batch = std::exchange(filling_[w], fresh_batch());
  batch->seal();
  workers_[w]->submit(std::move(batch));
}

void FlowWorkers::hand_on_ready_epochs(bool wait) {
  for (;;) {
    bool all_ready = true;
    for (auto& worker : workers_) {
      while (auto epoch = worker->epochs().try_pop()) worker->pending_.push_back(std::move(*epoch));
      if (worker->pending_.empty() && wait && epochs_handed_on_ < epochs_ended_) {
        worker->pending_.push_back(worker->epochs().pop());
      }
      all_ready = all_ready && !worker->pending_.empty();
    }
    if (!all_ready) return;
    // Sorted as pointers into the workers' epochs: the connections are not moved.
    order_.clear();
    for (auto& worker : workers_) {
      for (FinishedConnection& finished : worker->pending_.front()) order_.push_back(&finished);
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [](const FinishedConnection* a, const FinishedConnection* b) {
                       return order_key(a->connection) < order_key(b->connection);
                     });
    for (FinishedConnection* finished : order_) {
      sink_(finished->connection, std::move(finished->inspection));
    }
    for (auto& worker : workers_) {
      Epoch done = std::move(worker->pending_.front());
      worker->pending_.pop_front();
      done.clear();
      worker->spare_epochs_.push(std::move(done));
    }
    ++epochs_handed_on_;
  }
}

// The last slices of all workers merged: each worker's first slice and the run of slices after
// it are each sorted.
void FlowWorkers::hand_on_last_slices() {
  struct Run {
    Worker* worker;
    bool refilled;  // by the worker's next slices, until the empty one
    Epoch slice;
    std::size_t next = 0;
  };
  std::vector<Run> runs;
  for (auto& worker : workers_) {
    runs.push_back({worker.get(), false, worker->take_slice()});
    runs.push_back({worker.get(), true, worker->take_slice()});
  }
  const auto next_slice = [](Run& run) {
    run.slice.clear();
    run.worker->spare_slices().push(std::move(run.slice));
    run.slice = run.refilled ? run.worker->take_slice() : Epoch{};
    run.next = 0;
  };
  for (;;) {
    Run* best = nullptr;
    for (Run& run : runs) {
      if (run.next == run.slice.size()) continue;
      if (best == nullptr || order_key(run.slice[run.next].connection) <
                                 order_key(best->slice[best->next].connection)) {
        best = &run;
      }
    }
    if (best == nullptr) return;
    FinishedConnection& finished = best->slice[best->next];
    sink_(finished.connection, std::move(finished.inspection));
    if (++best->next == best->slice.size()) next_slice(*best);
  }
}

void FlowWorkers::finish() {
  if (finished_) return;
  end_epoch(PacketBatch::End::input, network_ns_);
  finished_ = true;
  hand_on_ready_epochs(true);
  hand_on_last_slices();
  for (auto& worker : workers_) worker->join();
}

FlowTableStats FlowWorkers::stats() const {
  FlowTableStats sum;
  sum.packets = untracked_packets_;
  sum.ignored_packets = untracked_packets_;
  for (const auto& worker : workers_) {
    const FlowTableStats& s = worker->table().stats();
    sum.packets += s.packets;
    sum.ignored_packets += s.ignored_packets;
    sum.connections_opened += s.connections_opened;
    sum.connections_emitted += s.connections_emitted;
    sum.evictions += s.evictions;
    sum.evicted_unanswered += s.evicted_unanswered;
    sum.max_tracked += s.max_tracked;
    sum.out_of_order_segments += s.out_of_order_segments;
  }
  return sum;
}

std::uint32_t FlowWorkers::max_connections() const {
  std::uint32_t sum = 0;
  for (const auto& worker : workers_) sum += worker->table().max_connections();
  return sum;
}

std::array<std::uint64_t, 2> FlowWorkers::uninspected_connections() const {
  std::array<std::uint64_t, 2> sum{};
  for (const auto& worker : workers_) {
    const auto& by_kind = worker->gate().turned_away_by_kind();
    sum[0] += by_kind[0];
    sum[1] += by_kind[1];
  }
  return sum;
}

std::uint64_t FlowWorkers::inspections_cut_short() const {
  std::uint64_t sum = 0;
  for (const auto& worker : workers_) sum += worker->inspector().cut_short();
  return sum;
}

}  // namespace iotscope
