// The orchestration of the IoT Inspector source: detect every file, read the device tables,
// stream the flow tables, then account for what was missing.
//
// Shape-B (v3) exports carry no installation id. iotscope treats one directory as one home and
// names it after the gateway's MAC (the devices table's is_gateway row), or after the
// directory when no gateway is marked; a device's id is its MAC.
//
// InputReport counts: `records` are the rows kept (device rows, or flow rows that yielded at
// least one window: FlowRecords merge rows across files, so they are not counted per file),
// `skipped` the bad rows, `dropped` the valid windows left out on purpose (IoT Inspector's
// port-44444 probes; shape-B rows with no inspected end).
#include "sources/iotinspector/dataset_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "sources/iotinspector/dataset_reader_tuning.hpp"
#include "sources/iotinspector/device_directory.hpp"
#include "sources/iotinspector/device_tables.hpp"
#include "sources/iotinspector/flow_pipeline.hpp"
#include "sources/iotinspector/format_detection.hpp"
#include "sources/text/field_parsers.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

unsigned worker_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1U, std::thread::hardware_concurrency());
}

InputIssue file_issue(const std::string& path, std::string message) {
  InputIssue issue;
  issue.file = path;
  issue.message = std::move(message);
  return issue;
}

// Runs `task(i)` for i in [0, count) on up to `threads` threads.
template <typename Task>
void parallel_for(std::size_t count, unsigned threads, Task task) {
  std::atomic<std::size_t> next{0};
  auto loop = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<std::size_t>(threads, count); ++t) pool.emplace_back(loop);
  loop();
  for (auto& thread : pool) thread.join();
}

DeviceRecord record_for_missing(const DeviceKey& key, const MissingDevice& missing) {
  DeviceRecord device;
  device.key = key;
  device.home_id = missing.home_id;
  device.source_id = missing.device_id;
  if (missing.id_is_mac) {
    if (auto mac = canonical_mac(missing.device_id)) {
      device.mac = *mac;
      device.source_id = *mac;
      device.oui = canonical_oui(*mac).value_or("");
    }
  }
  return device;
}

class DatasetReader {
 public:
  DatasetReader(std::span<const std::string> paths, const IotInspectorOptions& options,
                const IotInspectorTuning& tuning)
      : paths_(paths),
        options_(options),
        tuning_(tuning),
        threads_(worker_count(options.threads)) {}

  DatasetContents run(Engine& engine) {
    detect_all();
    read_devices();
    read_flows(engine);
    return std::move(contents_);
  }

 private:
  void detect_all() {
    detections_.resize(paths_.size());
    parallel_for(paths_.size(), threads_,
                 [&](std::size_t i) { detections_[i] = detect_table_file(paths_[i]); });
    contents_.inputs.resize(paths_.size());
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      InputReport& report = contents_.inputs[i];
      report.path = paths_[i];
      report.format = detections_[i].format;
      total_bytes_ += detections_[i].file_size;
      if (!detections_[i].table)
        report.issues.push_back(file_issue(paths_[i], detections_[i].error));
    }
  }

  bool is_kind(std::size_t i, bool devices) const {
    return detections_[i].table && is_device_table(detections_[i].table->columns.kind) == devices;
  }

  void read_devices() {
    std::vector<std::size_t> files;
    for (std::size_t i = 0; i < paths_.size(); ++i)
      if (is_kind(i, true)) files.push_back(i);
    std::vector<DeviceTableContents> tables(files.size());
    parallel_for(files.size(), threads_, [&](std::size_t n) {
      const std::size_t i = files[n];
      tables[n] = read_device_table(paths_[i], *detections_[i].table, options_.max_issues_per_file,
                                    tuning_.chunk_bytes, tuning_.file_access);
      report_progress(detections_[i].file_size);
    });
    DeviceIndex index;
    std::vector<std::pair<std::string, std::vector<ShapeBDevice>>> shape_b;
    for (std::size_t n = 0; n < files.size(); ++n) {
      InputReport& report = contents_.inputs[files[n]];
      report.records = tables[n].records;
      report.skipped = tables[n].skipped;
      report.issues = std::move(tables[n].issues);
      merge_devices(contents_.devices, index, std::move(tables[n].v1_devices));
      if (detections_[files[n]].table->columns.kind == TableKind::v3_devices)
        shape_b.emplace_back(shape_b_directory(paths_[files[n]]), std::move(tables[n].v3_devices));
    }
    assign_shape_b_homes(shape_b, shape_b_homes_, contents_.devices, index);
  }

  void read_flows(Engine& engine) {
    std::vector<FlowFileJob> jobs;
    std::vector<std::size_t> job_input;
    for (std::size_t i = 0; i < paths_.size(); ++i) {
      if (!is_kind(i, false)) continue;
      FlowFileJob job{paths_[i], *detections_[i].table, nullptr};
      if (job.table.columns.kind == TableKind::v3_network_flows) {
        const std::string directory = shape_b_directory(paths_[i]);
        auto [it, inserted] = shape_b_homes_.try_emplace(directory);
        if (inserted) it->second.home_id = std::filesystem::path(directory).filename().string();
        job.shape_b_home = &it->second;
      }
      jobs.push_back(std::move(job));
      job_input.push_back(i);
    }
    const DeviceDirectory directory(contents_.devices);
    FlowPipelineSettings settings;
    settings.flow_gap_seconds = options_.flow_gap_seconds;
    settings.reorder_seconds = options_.reorder_seconds;
    settings.threads = threads_;
    settings.max_issues_per_file = options_.max_issues_per_file;
    settings.chunk_bytes = tuning_.chunk_bytes;
    settings.file_access = tuning_.file_access;
    settings.progress = options_.progress;
    settings.total_bytes = total_bytes_;
    settings.done_bytes = &done_bytes_;
    auto result = run_flow_pipeline(jobs, directory, settings, engine);

    for (std::size_t j = 0; j < jobs.size(); ++j) {
      InputReport& report = contents_.inputs[job_input[j]];
      FlowFileOutcome& outcome = result.files[j];
      report.records = outcome.records;
      report.skipped = outcome.skipped;
      report.dropped = outcome.dropped;
      report.issues = std::move(outcome.issues);
      if (outcome.late_windows > 0) {
        report.issues.push_back(file_issue(
            jobs[j].path,
            fmt::format(
                "{} windows arrived more than {:g} s after newer windows of their home, or after "
                "their home was closed to bound memory; each started a new flow (sort the rows "
                "by home or time, or raise --reorder-window)",
                outcome.late_windows,
                std::max(options_.flow_gap_seconds, options_.reorder_seconds))));
      }
    }
    add_missing_devices(result, jobs, job_input);
  }

  void add_missing_devices(const FlowPipelineResult& result, const std::vector<FlowFileJob>& jobs,
                           const std::vector<std::size_t>& job_input) {
    std::vector<std::pair<DeviceKey, const MissingDevice*>> missing;
    for (const auto& [key, device] : result.missing_devices) missing.emplace_back(key, &device);
    std::sort(missing.begin(), missing.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::map<std::uint32_t, std::pair<std::size_t, const MissingDevice*>> per_file;
    for (const auto& [key, device] : missing) {
      contents_.devices.push_back(record_for_missing(key, *device));
      auto& [count, example] = per_file[device->first_file];
      if (count++ == 0) example = device;
    }
    for (const auto& [file, entry] : per_file) {
      const auto& [count, example] = entry;
      const NamedDevice first{example->home_id, example->device_id};
      InputIssue issue = file_issue(
          jobs[file].path, fmt::format("{} devices appear in flows but in no devices table "
                                       "(first: {}); they get records without labels",
                                       count, first.text()));
      issue.device = first;
      contents_.inputs[job_input[file]].issues.push_back(std::move(issue));
    }
  }

  void report_progress(std::uint64_t bytes) {
    const std::uint64_t done = done_bytes_.fetch_add(bytes) + bytes;
    if (options_.progress) options_.progress(done, total_bytes_);
  }

  std::span<const std::string> paths_;
  const IotInspectorOptions& options_;
  const IotInspectorTuning& tuning_;
  const unsigned threads_;
  std::vector<Detection> detections_;
  std::map<std::string, ShapeBHome> shape_b_homes_;
  std::uint64_t total_bytes_ = 0;
  std::atomic<std::uint64_t> done_bytes_{0};
  DatasetContents contents_;
};

}  // namespace

DatasetContents read_iot_inspector_tuned(std::span<const std::string> paths,
                                         const IotInspectorOptions& options, Engine& engine,
                                         const IotInspectorTuning& tuning) {
  return DatasetReader(paths, options, tuning).run(engine);
}

DatasetContents read_iot_inspector(std::span<const std::string> paths,
                                   const IotInspectorOptions& options, Engine& engine) {
  return read_iot_inspector_tuned(paths, options, engine, IotInspectorTuning{});
}

}  // namespace iotscope
