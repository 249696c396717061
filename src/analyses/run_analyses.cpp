#include "analyses/run_analyses.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include "analyses/active_passive.hpp"
#include "analyses/candidates.hpp"
#include "analyses/device_graph.hpp"
#include "analyses/device_lookup.hpp"
#include "analyses/encryption.hpp"
#include "analyses/exposure.hpp"
#include "analyses/mapping_exposure.hpp"
#include "analyses/measurement.hpp"
#include "analyses/payload_encryption.hpp"
#include "analyses/port_roles.hpp"
#include "analyses/role_index.hpp"
#include "analyses/scans.hpp"
#include "engine/heap_trim.hpp"
#include "engine/summaries_merge.hpp"
#include "engine/summaries_release.hpp"
#include "util/move_append.hpp"

namespace iotscope {
namespace {

// The freed summaries of analysed batches are small blocks in the arenas of the threads that
// read them, while the findings grow in large blocks of their own: without handing those pages
// back now and then, the summaries stay resident beside the findings. A trim walks the whole
// heap and the pages it returns fault back in when reused, so there are this many: at 50,000
// homes 4 trims took the peak from 8.5 to 6.4 GB for 6 s, 8 trims to 6.1 GB for 19 s. The first
// comes after the first batch, when the reader's buffers have just been freed too. These figures
// are glibc's (tests, benchmarks, builds without mimalloc); the program on mimalloc's 2 MiB
// pages collects instead, which does not lower its peak (bench/RESULTS.md section 2).
constexpr std::size_t kTrims = 4;

// What one batch of homes adds to the run.
struct BatchFindings {
  AnalysisResult part;             // port roles, graph edges, scans, encryption, exposure
  std::size_t flow_exposures = 0;  // part.exposure: these first, then gateway mappings
  LabelEdgeTally labels;
  CandidateReasons reasons;
  PassiveUses passive_use;
  PortUseTally port_use;
};

// The analyses split into what each batch of homes finds on its own and what needs all of
// them (measurement, Sankey and per-port charts, candidate ranking, active vs passive).
class AnalysisRun {
 public:
  AnalysisRun(const std::vector<DeviceRecord>& devices,
              const std::vector<Observation>& observations, const AnalysisConfig& config,
              const ActiveInput& active)
      : directory_(devices),
        observations_(observations),
        config_(config),
        active_(active),
        probed_(probed_devices(active)) {}

  // Thread-safe: reads only the run's constant parts.
  BatchFindings analyse(const Summaries& batch,
                        const std::vector<Observation>& observations) const {
    BatchFindings out;
    AnalysisResult& part = out.part;
    // Roles come first: scans, encryption and candidates build on them.
    part.port_roles = find_port_roles(batch, config_);
    const RoleIndex roles(part.port_roles);
    part.scans = find_scans(batch, roles, observations, config_);
    part.encryption = find_encryption(batch, roles);
    apply_payload_encryption(observations, part.encryption);
    part.device_graph.edges = local_graph_edges(batch);
    part.exposure = find_exposure(batch, config_);
    out.flow_exposures = part.exposure.size();
    auto mappings = find_mapping_exposure(observations);
    move_append(mappings, part.exposure);
    out.labels.add(batch, directory_);
    out.reasons.collect(batch, part, roles, directory_, CandidateWeights{});
    add_passive_use(batch, part.port_roles, probed_, out.passive_use);
    out.port_use = tally_port_use(batch, part.port_roles, directory_);
    return out;
  }

  // Room for every finding the summaries could make. Growing by doubling would copy each
  // table and hold it twice (the encryption entries alone are 1 GB at 50,000 homes); a
  // generous bound costs nothing resident, since pages past the last finding are never touched.
  void reserve(const HomePieces& homes, std::size_t observations) {
    std::size_t ports = 0;
    std::size_t edges = 0;
    for (std::size_t i = 0; i < homes.size(); ++i) {
      ports += homes.ports(i);
      edges += homes.edges(i);
    }
    result_.port_roles.reserve(ports + edges);  // servers, clients, then peers from edges
    result_.device_graph.edges.reserve(edges);
    result_.encryption.reserve(edges + observations);
  }

  // Batches must be added in home order.
  void add(BatchFindings&& found) {
    AnalysisResult& part = found.part;
    move_append(part.port_roles, result_.port_roles);
    move_append(part.device_graph.edges, result_.device_graph.edges);
    move_append(part.scans, result_.scans);
    move_append(part.encryption, result_.encryption);
    const auto first_mapping =
        part.exposure.begin() + static_cast<std::ptrdiff_t>(found.flow_exposures);
    result_.exposure.insert(result_.exposure.end(), std::make_move_iterator(part.exposure.begin()),
                            std::make_move_iterator(first_mapping));
    mappings_.insert(mappings_.end(), std::make_move_iterator(first_mapping),
                     std::make_move_iterator(part.exposure.end()));
    labels_.merge(std::move(found.labels));
    reasons_.merge(std::move(found.reasons));
    passive_use_.merge(found.passive_use);
    port_use_.merge(std::move(found.port_use));
  }

  // `totals`: every batch's run totals (append_run_totals).
  AnalysisResult finish(const Summaries& totals) && {
    move_append(mappings_, result_.exposure);
    result_.measurement = measure(totals, port_use_, config_);
    result_.measurement.active =
        compare_active_passive(active_, passive_use_, totals, observations_);
    reasons_.add_offered_unused(result_.measurement.active, CandidateWeights{});
    result_.candidates = std::move(reasons_).rank(config_);
    DeviceGraph graph = labels_.finish(directory_, config_);
    graph.edges = std::move(result_.device_graph.edges);
    result_.device_graph = std::move(graph);
    return std::move(result_);
  }

 private:
  const DeviceLookup directory_;
  const std::vector<Observation>& observations_;
  const AnalysisConfig& config_;
  const ActiveInput& active_;
  const std::set<DeviceKey> probed_;
  AnalysisResult result_;
  std::vector<Exposure> mappings_;
  LabelEdgeTally labels_;
  CandidateReasons reasons_;
  PassiveUses passive_use_;
  PortUseTally port_use_;
};

// Homes that only observations name (an ARP sweep without flows) get an empty piece, so every
// observation belongs to a batch.
void add_observed_homes(HomePieces& homes, const std::vector<Observation>& observations) {
  std::set<std::uint64_t> observed;
  for (const auto& observation : observations) observed.insert(observation.device.home);
  homes.add_missing_homes(observed);
}

// Each batch's observations, in input order.
std::vector<std::vector<Observation>> observations_by_batch(
    const HomePieces& homes, const std::vector<HomeBatch>& batches,
    const std::vector<Observation>& observations) {
  std::vector<std::vector<Observation>> split(batches.size());
  if (observations.empty()) return split;
  std::vector<std::uint64_t> first_home;
  first_home.reserve(batches.size());
  for (const auto& batch : batches) first_home.push_back(homes.home(batch.begin));
  for (const auto& observation : observations) {
    const auto after =
        std::upper_bound(first_home.begin(), first_home.end(), observation.device.home);
    split[static_cast<std::size_t>(after - first_home.begin()) - 1].push_back(observation);
  }
  return split;
}

}  // namespace

AnalysisResult run_analyses(const Summaries& summaries, const std::vector<DeviceRecord>& devices,
                            const std::vector<Observation>& observations,
                            const AnalysisConfig& config, const ActiveInput& active) {
  AnalysisRun run(devices, observations, config, active);
  run.add(run.analyse(summaries, observations));
  return std::move(run).finish(summaries);
}

HomeAnalysis analyse_homes(HomePieces homes, const std::vector<DeviceRecord>& devices,
                           const std::vector<Observation>& observations,
                           const AnalysisConfig& config, const ActiveInput& active,
                           unsigned threads, std::size_t batch_rows) {
  add_observed_homes(homes, observations);
  const std::vector<HomeBatch> batches = plan_home_batches(homes, batch_rows);
  const auto batch_observations = observations_by_batch(homes, batches, observations);
  AnalysisRun run(devices, observations, config, active);
  run.reserve(homes, observations.size());
  HomeAnalysis out;

  // Workers take batches in order and add their findings in that order, so the result is the
  // same whatever the thread count.
  const std::size_t batches_between_trims = std::max<std::size_t>(1, batches.size() / kTrims);
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable added;
  std::size_t next_to_add = 0;
  bool failed = false;
  std::exception_ptr error;
  const auto work = [&] {
    try {
      for (std::size_t i = next++; i < batches.size(); i = next++) {
        Summaries batch = take_home_batch(homes, batches[i]);
        BatchFindings found = run.analyse(batch, batch_observations[i]);
        std::unique_lock lock(mutex);
        added.wait(lock, [&] { return failed || next_to_add == i; });
        if (failed) return;
        run.add(std::move(found));
        append_run_totals(out.totals, batch);
        ++next_to_add;
        added.notify_all();
        lock.unlock();
        release_tables(batch);  // before the trim, not when `batch` goes out of scope
        if (i % batches_between_trims == 0) return_free_heap_pages();
      }
    } catch (...) {
      const std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      failed = true;
      added.notify_all();
    }
  };
  {
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < std::max(1U, threads); ++t) workers.emplace_back(work);
    work();
  }
  if (error) std::rethrow_exception(error);
  out.result = std::move(run).finish(out.totals);
  return out;
}

}  // namespace iotscope
