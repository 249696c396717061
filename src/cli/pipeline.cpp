#include "cli/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "analyses/run_analyses.hpp"
#include "cli/input_kinds.hpp"
#include "cli/probe_inputs.hpp"
#include "cli/progress_bar.hpp"
#include "cli/stored_records.hpp"
#include "engine/clickhouse/clickhouse_engine.hpp"
#include "engine/embedded_engine.hpp"
#include "engine/heap_trim.hpp"
#include "engine/selecting_engine.hpp"
#include "engine/summaries_release.hpp"
#include "identify/device_identifier.hpp"
#include "sources/nmap/nmap_probe_results.hpp"
#include "sources/pcap/capture_source.hpp"
#include "sources/probe/probe_results_jsonl.hpp"
#include "sources/zeek/zeek_logs_input.hpp"
#include "util/hash.hpp"
#include "util/move_append.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

// Files a dataset folder holds beside its tables (the simulator's truth, notes): not data, and
// not worth a warning.
bool is_known_companion(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".json" || ext == ".md" || ext == ".txt" ||
         path.filename().string().starts_with(".");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

unsigned worker_threads(const PipelineOptions& options) {
  return options.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : options.threads;
}

void identify_all(std::vector<DeviceRecord>& devices, const OuiRegistry& registry,
                  unsigned threads) {
  const std::size_t n = devices.size();
  const std::size_t per_thread = (n + threads - 1) / std::max(1U, threads);
  std::vector<std::jthread> workers;
  for (std::size_t begin = 0; begin < n; begin += per_thread) {
    const std::size_t end = std::min(n, begin + per_thread);
    workers.emplace_back([&devices, &registry, begin, end] {
      for (std::size_t i = begin; i < end; ++i) identify_device(devices[i], registry);
    });
  }
}

template <typename Contents>
void append_contents(Contents&& contents, PipelineOutput& out) {
  move_append(contents.devices, out.dataset.devices);
  move_append(contents.inputs, out.dataset.inputs);
  move_append(contents.observations, out.observations);
}

void read_zeek_input(const std::vector<std::string>& logs, const PipelineOptions& options,
                     Engine& engine, PipelineOutput& out) {
  auto aggregator = engine.make_aggregator();
  ZeekLogsOptions zeek;
  zeek.conversion.home_id = options.home_id;
  zeek.conversion.local_networks = options.local_networks;
  append_contents(read_zeek_logs(logs, zeek, *aggregator), out);
  engine.absorb(std::move(aggregator));
}

void read_probe_file(const std::string& path, bool nmap_xml, std::optional<Vantage> vantage,
                     PipelineOutput& out) {
  if (nmap_xml) {
    NmapXmlResult scan = read_nmap_xml_file(path);
    out.probes.push_back(to_probe_results(scan, vantage.value_or(Vantage::internal)));
    out.dataset.inputs.push_back(std::move(scan.report));
    return;
  }
  auto file = read_probe_results(path);
  if (vantage) file.results.run.vantage = *vantage;
  out.dataset.inputs.push_back(std::move(file.report));
  out.probes.push_back(std::move(file.results));
}

void read_probe_input(const InputGroups& groups, const PipelineOptions& options,
                      PipelineOutput& out) {
  for (const auto& path : groups.probe_results) read_probe_file(path, false, std::nullopt, out);
  for (const auto& path : groups.nmap_xml) read_probe_file(path, true, std::nullopt, out);
  for (const auto& path : options.external_scans) {
    read_probe_file(path, !looks_like_probe_results(path), Vantage::external, out);
  }
}

void read_capture_input(const std::vector<std::string>& captures, const PipelineOptions& options,
                        Engine& engine, PipelineOutput& out) {
  ProgressBar bar("capture", options.progress);
  CaptureOptions capture;
  capture.home_id = options.home_id;
  capture.local = options.local_networks;
  capture.window_seconds = options.engine.scan_window_seconds;
  capture.threads = worker_threads(options);
  capture.max_memory = options.max_memory;
  auto aggregator = engine.make_aggregator();
  auto contents =
      read_captures(captures, capture, *aggregator, {},
                    [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  engine.absorb(std::move(aggregator));
  move_append(contents.warnings, out.warnings);
  append_contents(std::move(contents), out);
}

// Probe runs keyed to the devices of their home (adding hosts no passive input knew), in the
// order read; runs of one home are keyed together.
void key_probes(PipelineOutput& out) {
  std::vector<std::string> homes;
  for (const auto& home : out.probe_homes) {
    if (std::find(homes.begin(), homes.end(), home) == homes.end()) homes.push_back(home);
  }
  for (const auto& home : homes) {
    std::vector<ProbeResults> runs;
    for (std::size_t i = 0; i < out.probes.size(); ++i) {
      if (out.probe_homes[i] == home) runs.push_back(out.probes[i]);
    }
    auto keyed = key_probe_results(runs, home, out.dataset.devices);
    move_append(keyed.active.internal, out.active.internal);
    move_append(keyed.active.external, out.active.external);
    move_append(keyed.active.probed, out.active.probed);
    move_append(keyed.observations, out.observations);
  }
}

// After reading, whatever the engine: devices in key order (so neither the order of input files
// nor the engine changes a report), probes keyed to them, devices identified.
void complete_reading(const PipelineOptions& options, PipelineOutput& out) {
  auto start = std::chrono::steady_clock::now();
  std::stable_sort(out.dataset.devices.begin(), out.dataset.devices.end(),
                   [](const DeviceRecord& a, const DeviceRecord& b) { return a.key < b.key; });
  key_probes(out);
  out.seconds.read += seconds_since(start);
  start = std::chrono::steady_clock::now();
  const OuiRegistry registry = OuiRegistry::load(options.oui_path);
  if (registry.size() == 0) {
    out.warnings.push_back("no IEEE OUI registry at " + options.oui_path +
                           " (Debian package ieee-data): vendors come from labels only");
  }
  identify_all(out.dataset.devices, registry, worker_threads(options));
  out.seconds.identify = seconds_since(start);
}

// The devices, observations and probe runs of the selected homes and times (the flows were
// selected as they arrived).
void keep_selected(const FlowSelection& selection, PipelineOutput& out) {
  if (selection.everything()) return;
  std::erase_if(out.dataset.devices, [&selection](const DeviceRecord& device) {
    return !selection.keeps_home(device.key.home);
  });
  std::erase_if(out.observations, [&selection](const Observation& observation) {
    return !selection.keeps_home(observation.device.home) || !selection.keeps_time(observation.ts);
  });
  for (std::size_t i = out.probes.size(); i-- > 0;) {
    if (selection.keeps_home(hash_text(out.probe_homes[i]))) continue;
    out.probes.erase(out.probes.begin() + static_cast<std::ptrdiff_t>(i));
    out.probe_homes.erase(out.probe_homes.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& arguments,
                                       std::vector<std::string>& warnings) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code error;
    if (!fs::is_directory(argument, error)) {
      files.push_back(argument);  // the source reports a missing file with its OS error
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(argument, error)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      if (is_dataset_name(name) || is_capture_name(name) || is_zeek_log_name(name) ||
          is_nmap_xml_name(name)) {
        found.push_back(entry.path().string());
      } else if (!is_known_companion(entry.path())) {
        warnings.push_back("skipped " + entry.path().string() +
                           ": not a CSV, TSV, JSON Lines, capture, Zeek log or nmap XML file");
      }
    }
    if (error) warnings.push_back("cannot list " + argument + ": " + error.message());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

PipelineOutput read_inputs(const PipelineOptions& options, Engine& engine) {
  PipelineOutput out;
  const unsigned threads = worker_threads(options);
  const auto inputs = expand_inputs(options.inputs, out.warnings);
  const InputGroups groups = group_inputs(inputs);
  if (!groups.datasets.empty() ||
      (groups.passive_empty() && groups.probe_results.empty() && groups.nmap_xml.empty())) {
    ProgressBar bar("reading", options.progress);
    IotInspectorOptions read_options;
    read_options.flow_gap_seconds = options.flow_gap_seconds;
    read_options.reorder_seconds = options.reorder_seconds;
    read_options.threads = threads;
    read_options.progress = [&bar](std::uint64_t done, std::uint64_t total) {
      bar.update(done, total);
    };
    out.dataset = read_iot_inspector(groups.datasets, read_options, engine);
  }
  if (!groups.zeek_logs.empty()) read_zeek_input(groups.zeek_logs, options, engine, out);
  if (!groups.captures.empty()) read_capture_input(groups.captures, options, engine, out);
  read_probe_input(groups, options, out);
  out.probe_homes.assign(out.probes.size(), options.home_id);
  return out;
}

namespace {

// Everything read, then reduced by `reduce` (merged, or home by home) into `into`.
template <typename Reduced, typename Merged, typename ByEngine>
PipelineOutput read_and_reduce_into(const PipelineOptions& options, Reduced& into,
                                    Merged from_merged, ByEngine from_engine) {
  const auto start = std::chrono::steady_clock::now();
  if (!options.engine_url.empty()) {
    const auto layout = connect_clickhouse(options.engine_url);
    PipelineOutput out = read_stored_records(layout, options.selection);
    out.seconds.read = seconds_since(start);
    complete_reading(options, out);
    const auto reduce_start = std::chrono::steady_clock::now();
    into =
        from_merged(clickhouse::summarize_stored_flows(layout, options.engine, options.selection));
    out.seconds.reduce = seconds_since(reduce_start);
    return out;
  }
  EmbeddedEngine embedded(options.engine, worker_threads(options));
  SelectingEngine engine(embedded, options.selection);
  PipelineOutput out = read_inputs(options, engine);
  keep_selected(options.selection, out);
  out.seconds.read = seconds_since(start);
  complete_reading(options, out);
  const auto reduce_start = std::chrono::steady_clock::now();
  into = from_engine(engine);
  out.seconds.reduce = seconds_since(reduce_start);
  out.spilled_bytes = embedded.parked_bytes();
  if (std::string problem = embedded.spill_problem(); !problem.empty()) {
    out.warnings.push_back(std::move(problem));
  }
  return out;
}

}  // namespace

PipelineOutput read_and_reduce(const PipelineOptions& options) {
  Summaries summaries;
  PipelineOutput out = read_and_reduce_into(
      options, summaries, [](Summaries merged) { return merged; },
      [](Engine& engine) { return engine.summarize(); });
  out.summaries = std::move(summaries);
  return out;
}

PipelineOutput read_and_reduce_by_home(const PipelineOptions& options, HomePieces& homes) {
  return read_and_reduce_into(
      options, homes, [](Summaries merged) { return HomePieces(split_by_home(std::move(merged))); },
      [](Engine& engine) { return engine.summarize_by_home(); });
}

PipelineOutput run_pipeline(const PipelineOptions& options) {
  HomePieces homes;
  PipelineOutput out = read_and_reduce_by_home(options, homes);
  const auto start = std::chrono::steady_clock::now();
  AnalysisConfig analysis = options.analysis;
  analysis.scan_window_seconds = options.engine.scan_window_seconds;  // one window length for both
  HomeAnalysis analysed = analyse_homes(std::move(homes), out.dataset.devices, out.observations,
                                        analysis, out.active, worker_threads(options));
  out.result = std::move(analysed.result);
  out.summaries = std::move(analysed.totals);
  // The reports need only the summaries' totals; their device table would sit beside the
  // report's.
  release_tables(out.summaries);
  return_free_heap_pages();
  out.seconds.analyze = seconds_since(start);
  return out;
}

}  // namespace iotscope
