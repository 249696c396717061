#pragma once
// Connection tracking and payload inspection of one capture, spread over worker threads. The
// reading thread decodes and sends each tracked packet, in batches, to the worker that owns the
// packet's address pair: every connection, the ICMP errors about it and nDPI's per-host caches
// stay with one worker. Each worker owns a FlowTable and a ConnectionInspector (with its own
// nDPI module, which is not thread-safe).
//
// Determinism: the reader stamps every packet with the network time (the capture's latest
// timestamp so far) and ends an epoch every second of network time (and, in a flood, every
// epoch_packets tracked packets), when every worker expires its timed-out connections. Which
// connections end in an epoch therefore does not depend on how packets are spread; the epoch's
// connections are handed on sorted by (close time, start time, uid), so the order, and everything
// built from it, is the same for any number of workers. (When the table is full, evictions depend
// on each worker's share of the cap: same output for the same number of workers.)
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "flows/flow_table.hpp"
#include "payload/connection_inspector.hpp"
#include "sources/pcap/packet_batch.hpp"

namespace iotscope {

struct FlowWorkersOptions {
  unsigned workers = 1;        // 1: all on the calling thread
  FlowTableConfig flow_table;  // max_connections is shared out among the workers
  InspectionLimits inspection;
  bool inspect_payload = true;
  // Network time between two epochs. Finished connections wait for their epoch's end, so this
  // bounds how many are held back (those of one second of traffic).
  std::int64_t epoch_ns = kNanosPerSecond;
  // Tracked packets after which an epoch ends sooner: a flood finishes (evicts) connections
  // faster than a second of network time lets go of them. Counted by the reader, so epochs still
  // end at the same packets for any number of workers.
  std::uint64_t epoch_packets = UINT64_MAX;
  // Connections holding payload inspection state at once (TCP, the rest), shared out among the
  // workers.
  std::uint32_t max_inspected_tcp = UINT32_MAX;
  std::uint32_t max_inspected_other = UINT32_MAX;
  std::size_t batch_bytes = std::size_t{1} << 20;  // a batch goes to its worker at this size
  // Batches queued per worker before the reader waits for it. The reader feeds every worker, so
  // while it waits for one the others may run dry: a deeper queue lets the workers' shares of the
  // traffic vary for longer without idling a core.
  std::size_t batches_in_flight = 16;
};

struct FinishedConnection {
  Connection connection;
  InspectionResult inspection;
};

// Receives every finished connection, on the thread that calls add() and finish().
using FinishedConnectionSink = std::function<void(const Connection&, InspectionResult&&)>;

class FlowWorkers {
 public:
  FlowWorkers(const FlowWorkersOptions& options, FinishedConnectionSink sink);
  ~FlowWorkers();
  FlowWorkers(const FlowWorkers&) = delete;
  FlowWorkers& operator=(const FlowWorkers&) = delete;

  // Any decoded packet; only what a flow table tracks is sent on. Its views are copied, or, when
  // they lie in `buffer`, the buffer is held until the worker is done with them.
  void add(const DecodedPacket& packet, const LendableBuffer* buffer = nullptr);
  // End of input: every connection still tracked is emitted and handed on before it returns.
  void finish();
  // The tables' counters summed over the workers (max_tracked: the sum of the maxima).
  FlowTableStats stats() const;
  // Connections tracked at once at most, all workers together.
  std::uint32_t max_connections() const;
  // Connections whose payload was not inspected because every inspection place was taken, TCP
  // and the rest, summed over the workers.
  std::array<std::uint64_t, 2> uninspected_connections() const;
  // Connections whose inspection was concluded early because the stream buffers of all
  // connections being inspected reached their share of the memory cap.
  std::uint64_t inspections_cut_short() const;

  class Worker;

 private:
  void end_epoch(PacketBatch::End end, std::int64_t end_ns);
  void send(std::size_t worker);
  void hand_on_ready_epochs(bool wait);
  void hand_on_last_slices();
  std::unique_ptr<PacketBatch> fresh_batch();

  FinishedConnectionSink sink_;
  std::int64_t epoch_ns_;
  std::uint64_t epoch_packets_;
  std::size_t batch_bytes_;
  bool keep_bytes_;  // batches copy packet bytes only for payload inspection to read
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::unique_ptr<PacketBatch>> filling_;
  std::vector<FinishedConnection*> order_;  // the epoch being handed on, sorted
  std::int64_t network_ns_ = INT64_MIN;
  std::int64_t last_sweep_ns_ = INT64_MIN;
  std::uint64_t untracked_packets_ = 0;
  std::uint64_t packets_in_epoch_ = 0;
  std::uint64_t epochs_ended_ = 0;
  std::uint64_t epochs_handed_on_ = 0;
  bool finished_ = false;
};

}  // namespace iotscope
