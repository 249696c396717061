#pragma once
// Reduces completed homes on a thread of its own. A source closes homes in bursts (a dataset
// reader closes thousands of idle homes at once when its open flows reach their cap); reduced
// by the worker that closed them, the burst stalled that worker's shard for seconds while the
// other workers ran out of chunks to parse, and one core idled. Handed here, the burst runs
// beside the reading. Flows waiting here are bounded: past `max_waiting_bytes` the caller
// reduces the home itself, as before.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/engine.hpp"
#include "engine/home_pieces.hpp"
#include "engine/packed_flow.hpp"

namespace iotscope {

class HomeReducer {
 public:
  // The homes one caller handed over; its pieces are written only by the reducer.
  struct Batch {
    std::size_t pending = 0;
    std::exception_ptr failure;
  };

  // With `max_waiting_bytes` 0 there is no thread: every home is reduced by its caller.
  HomeReducer(EngineConfig config, SummariesParking& parking, std::size_t max_waiting_bytes);
  // Finishes the homes handed over first: nothing reduced is lost.
  ~HomeReducer();
  HomeReducer(const HomeReducer&) = delete;
  HomeReducer& operator=(const HomeReducer&) = delete;

  // Reduces `home` into `into` (kept in `parking`), here or on the reducer's thread. `into`
  // and `batch` must stay where they are until wait(batch) returns.
  void reduce(std::uint64_t home, std::vector<PackedFlow> flows, HomePiece& into, Batch& batch);
  // Until every home of `batch` is reduced; rethrows the first failure among them.
  void wait(Batch& batch);

 private:
  struct Job {
    std::uint64_t home = 0;
    std::vector<PackedFlow> flows;
    HomePiece* into = nullptr;
    Batch* batch = nullptr;
  };

  HomePiece reduce_now(std::uint64_t home, const std::vector<PackedFlow>& flows) const;
  void run(const std::stop_token& stop);
  void finish(const Job& job, HomePiece piece, const std::exception_ptr& failure);

  const EngineConfig config_;
  SummariesParking& parking_;
  const std::size_t max_waiting_bytes_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<Job> jobs_;
  std::size_t waiting_bytes_ = 0;
  std::jthread thread_;  // last: it stops before the rest goes
};

}  // namespace iotscope
