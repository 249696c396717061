#include "simulate/simulate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "simulate/home_builder.hpp"
#include "simulate/output_sink.hpp"
#include "simulate/table_writer.hpp"
#include "simulate/traffic_builder.hpp"
#include "simulate/truth_builder.hpp"

namespace iotscope {
namespace {

using namespace sim;

constexpr std::uint64_t kHomesPerBatch = 32;

struct OutputPlan {
  TableFormat format = TableFormat::csv;
  Compression compression = Compression::none;
  std::string extension;  // "csv", "csv.zst", ...
  std::filesystem::path dir;
  unsigned parts = 1;

  std::string devices_path() const { return (dir / ("devices." + extension)).string(); }
  std::string flows_path(unsigned part) const {
    if (parts == 1) return (dir / ("flows." + extension)).string();
    char name[64];
    std::snprintf(name, sizeof name, "flows-%05u-of-%05u.", part + 1, parts);
    return (dir / (name + extension)).string();
  }
  std::string truth_part_path(std::size_t section) const {
    return (dir / (std::string(".truth-") + kTruthSectionNames[section] + ".tmp")).string();
  }
};

OutputPlan plan_output(const SimulationConfig& config) {
  OutputPlan plan;
  if (config.format == "csv") {
    plan.format = TableFormat::csv;
  } else if (config.format == "tsv") {
    plan.format = TableFormat::tsv;
  } else if (config.format == "jsonl") {
    plan.format = TableFormat::jsonl;
  } else {
    throw std::runtime_error("simulate: unknown format '" + config.format +
                             "' (expected csv, tsv or jsonl)");
  }
  plan.extension = config.format;
  if (config.compression == "none" || config.compression.empty()) {
    plan.compression = Compression::none;
  } else if (config.compression == "gzip") {
    plan.compression = Compression::gzip;
    plan.extension += ".gz";
  } else if (config.compression == "zstd") {
    plan.compression = Compression::zstd;
    plan.extension += ".zst";
  } else {
    throw std::runtime_error("simulate: unknown compression '" + config.compression +
                             "' (expected none, gzip or zstd)");
  }
  if (config.out_dir.empty()) throw std::runtime_error("simulate: no output directory given");
  if (config.parts == 0) throw std::runtime_error("simulate: parts must be at least 1");
  if (!(config.observation_hours > 0) || config.observation_hours > 24 * 365) {
    throw std::runtime_error("simulate: observation_hours must be in (0, 8760]");
  }
  plan.dir = config.out_dir;
  plan.parts = config.parts;
  return plan;
}

struct BatchSpec {
  std::uint64_t first_home = 0;
  std::uint64_t homes = 0;
  unsigned part = 0;
};

// Batches never straddle parts: part p holds homes [p*H/P, (p+1)*H/P).
std::vector<BatchSpec> plan_batches(std::uint64_t homes, unsigned parts) {
  std::vector<BatchSpec> batches;
  for (unsigned p = 0; p < parts; ++p) {
    const std::uint64_t begin = homes * p / parts;
    const std::uint64_t end = homes * (p + 1) / parts;
    for (std::uint64_t h = begin; h < end; h += kHomesPerBatch) {
      batches.push_back({h, std::min(kHomesPerBatch, end - h), p});
    }
  }
  return batches;
}

struct BatchOutput {
  std::int64_t batch = -1;  // which batch the slot holds, -1 when free
  std::string devices;
  std::string flows;
  TruthText truth;
  RowCounts rows;
  std::uint64_t devices_count = 0;
};

// What one worker thread reuses from home to home.
struct WorkerScratch {
  Home home;
  HomeTraffic traffic;
  FlowTableScratch table;
  TruthScratch truth;
};

void build_batch(const SimulationConfig& config, TableFormat format, const BatchSpec& spec,
                 WorkerScratch& scratch, BatchOutput& out) {
  out.devices.clear();
  out.flows.clear();
  for (auto& section : out.truth) section.clear();
  out.rows = {};
  out.devices_count = 0;
  for (std::uint64_t h = spec.first_home; h < spec.first_home + spec.homes; ++h) {
    Rng rng(home_seed(config.seed, h));
    build_home(h, config.label_rate, rng, scratch.home);
    build_traffic(scratch.home, config, rng, scratch.traffic);
    append_devices(scratch.home, format, out.devices);
    const RowCounts rows =
        append_flows(scratch.home, scratch.traffic, format, scratch.table, out.flows);
    out.rows.rows += rows.rows;
    out.rows.flows += rows.flows;
    out.rows.probe_rows += rows.probe_rows;
    out.devices_count += scratch.home.devices.size();
    append_truth(scratch.home, scratch.traffic, scratch.truth, out.truth);
  }
}

// Generates batches on worker threads and hands them to the caller strictly in order.
class BatchPipeline {
 public:
  BatchPipeline(const SimulationConfig& config, TableFormat format,
                const std::vector<BatchSpec>& batches, unsigned workers)
      : config_(config),
        format_(format),
        batches_(batches),
        slots_(2 * static_cast<std::size_t>(workers) + 2) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~BatchPipeline() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_) t.join();
  }

  // Blocks until batch k is built; rethrows a worker's exception.
  BatchOutput& wait_for(std::size_t k) {
    std::unique_lock lock(mutex_);
    BatchOutput& slot = slots_[k % slots_.size()];
    changed_.wait(lock, [&] { return slot.batch == static_cast<std::int64_t>(k) || error_; });
    if (error_) std::rethrow_exception(error_);
    return slot;
  }
  void release(std::size_t k) {
    {
      std::lock_guard lock(mutex_);
      slots_[k % slots_.size()].batch = -1;
      written_ = k + 1;
    }
    changed_.notify_all();
  }

 private:
  void work() {
    WorkerScratch scratch;
    while (true) {
      const std::size_t k = next_.fetch_add(1);
      if (k >= batches_.size()) return;
      BatchOutput& slot = slots_[k % slots_.size()];
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || k < written_ + slots_.size(); });
        if (stop_) return;
      }
      try {
        build_batch(config_, format_, batches_[k], scratch, slot);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        changed_.notify_all();
        return;
      }
      {
        std::lock_guard lock(mutex_);
        slot.batch = static_cast<std::int64_t>(k);
      }
      changed_.notify_all();
    }
  }

  const SimulationConfig& config_;
  TableFormat format_;
  const std::vector<BatchSpec>& batches_;
  std::vector<BatchOutput> slots_;
  std::atomic<std::size_t> next_{0};
  std::size_t written_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::thread> threads_;
};

class TruthParts {
 public:
  explicit TruthParts(const OutputPlan& plan) {
    for (std::size_t s = 0; s < kTruthSectionCount; ++s) {
      paths_[s] = plan.truth_part_path(s);
      files_[s] = std::make_unique<OutputSink>(paths_[s], Compression::none, 1);
    }
  }
  ~TruthParts() {
    for (const auto& path : paths_) {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  }
  void append(const TruthText& text) {
    for (std::size_t s = 0; s < kTruthSectionCount; ++s) files_[s]->write(text[s]);
  }
  // Closes the parts and copies them, less each section's first comma, into `out`.
  void assemble(OutputSink& out) {
    for (auto& f : files_) f->close();
    std::vector<char> buffer(1 << 20);
    for (std::size_t s = 0; s < kTruthSectionCount; ++s) {
      out.write(s == 0 ? "  \"" : ",\n  \"");
      out.write(kTruthSectionNames[s]);
      out.write("\": [");
      std::FILE* in = std::fopen(paths_[s].c_str(), "rb");
      if (in == nullptr) throw std::runtime_error("cannot read back " + paths_[s]);
      bool first = true;
      bool any = false;
      std::size_t n = 0;
      while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
        const std::size_t skip = first ? 1 : 0;
        first = false;
        any = true;
        out.write(std::string_view(buffer.data() + skip, n - skip));
      }
      std::fclose(in);
      out.write(any ? "\n  ]" : "]");
    }
  }

 private:
  std::array<std::string, kTruthSectionCount> paths_;
  std::array<std::unique_ptr<OutputSink>, kTruthSectionCount> files_;
};

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

void write_truth(const SimulationConfig& config, const OutputPlan& plan,
                 const SimulationStats& stats, std::uint64_t probe_rows, TruthParts& parts) {
  OutputSink out((plan.dir / "truth.json").string(), Compression::none, 1);
  std::string head = "{\n  \"generator\": \"iotscope simulate\",\n";
  head += "  \"seed\": " + std::to_string(config.seed) +
          ", \"homes\": " + std::to_string(stats.homes) +
          ", \"devices\": " + std::to_string(stats.devices) +
          ", \"flow_rows\": " + std::to_string(stats.flow_rows) +
          ", \"flows\": " + std::to_string(stats.flows) + ",\n";
  head += "  \"probe_rows\": " + std::to_string(probe_rows) +
          ", \"flow_gap_seconds\": 60, \"window_seconds\": " + std::to_string(kWindowSeconds) +
          ", \"start_ts\": " + std::to_string(kEpoch) +
          ", \"observation_hours\": " + std::to_string(config.observation_hours) + ",\n";
  head += "  \"files\": {\"devices\": " +
          json_string(std::filesystem::path(plan.devices_path()).filename().string()) +
          ", \"flows\": [";
  for (unsigned p = 0; p < plan.parts; ++p) {
    if (p != 0) head += ", ";
    head += json_string(std::filesystem::path(plan.flows_path(p)).filename().string());
  }
  head += "]},\n";
  out.write(head);
  parts.assemble(out);
  out.write("\n}\n");
  out.close();
}

unsigned worker_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

SimulationStats simulate(const SimulationConfig& config, const SimulationProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  const OutputPlan plan = plan_output(config);
  std::error_code ec;
  std::filesystem::create_directories(plan.dir, ec);
  if (ec) throw std::runtime_error("cannot create " + plan.dir.string() + ": " + ec.message());

  const unsigned workers = worker_count(config.threads);
  OutputSink devices(plan.devices_path(), plan.compression, workers);
  devices.write(devices_header(plan.format));
  std::vector<std::unique_ptr<OutputSink>> flows;
  for (unsigned p = 0; p < plan.parts; ++p) {
    flows.push_back(std::make_unique<OutputSink>(plan.flows_path(p), plan.compression, workers));
    flows.back()->write(flows_header(plan.format));
  }
  TruthParts truth(plan);

  SimulationStats stats;
  std::uint64_t probe_rows = 0;
  const std::vector<BatchSpec> batches = plan_batches(config.homes, plan.parts);
  {
    BatchPipeline pipeline(config, plan.format, batches, workers);
    for (std::size_t k = 0; k < batches.size(); ++k) {
      const BatchOutput& batch = pipeline.wait_for(k);
      devices.write(batch.devices);
      flows[batches[k].part]->write(batch.flows);
      truth.append(batch.truth);
      stats.homes += batches[k].homes;
      stats.devices += batch.devices_count;
      stats.flow_rows += batch.rows.rows;
      stats.flows += batch.rows.flows;
      probe_rows += batch.rows.probe_rows;
      pipeline.release(k);
      if (progress) progress(stats.homes, config.homes);
    }
  }
  devices.close();
  for (auto& f : flows) f->close();
  write_truth(config, plan, stats, probe_rows, truth);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace iotscope
