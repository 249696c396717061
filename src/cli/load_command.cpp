// `iotscope load`: any input iotscope reads, stored in ClickHouse (docs/clickhouse.md) for
// `analyze --engine`. Idempotent: a load that failed half-way, or the same load twice, leaves
// every row once.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"
#include "cli/stored_records.hpp"
#include "engine/clickhouse/clickhouse_http.hpp"
#include "engine/clickhouse/clickhouse_loader.hpp"
#include "engine/clickhouse/clickhouse_url.hpp"

namespace iotscope {
namespace {

namespace ch = clickhouse;

struct LoadOptions {
  PipelineOptions pipeline;
  std::string source_id;
  std::size_t chunk_rows = 100'000;
  std::size_t batch_rows = 100'000;
};

// The path as the user's working directory resolves it, so the same files load as one source
// from anywhere; as given when it cannot be resolved.
std::string absolute_path(const std::string& path) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

// What was loaded, unless the user names it: the inputs' absolute paths, sorted, and the
// reading settings that change which flows they make, so the same files read differently are a
// different source.
std::string default_source_id(const PipelineOptions& options) {
  std::vector<std::string> paths;
  for (const auto& input : options.inputs) paths.push_back(absolute_path(input));
  for (const auto& scan : options.external_scans) {
    paths.push_back("external:" + absolute_path(scan));
  }
  std::sort(paths.begin(), paths.end());
  return fmt::format("{}\n[home={} flow_gap={:g} reorder={:g}]", fmt::join(paths, "\n"),
                     options.home_id, options.flow_gap_seconds, options.reorder_seconds);
}

void print_counts(std::string_view what, const ch::LoadCounts& counts) {
  fmt::print(
      "{}: {} rows stored in {} chunks ({} inserts); {} rows in {} chunks were stored by an "
      "earlier load of this source and skipped\n",
      what, counts.rows_loaded, counts.chunks_loaded, counts.inserts, counts.rows_skipped,
      counts.chunks_skipped);
}

bool print_inputs(const PipelineOutput& read) {
  bool skipped = false;
  for (const std::string& warning : read.warnings) fmt::print(stderr, "warning: {}\n", warning);
  for (const InputReport& input : read.dataset.inputs) {
    fmt::print("{}: {} ({} records, {} skipped)\n", input.path, input.format, input.records,
               input.skipped);
    for (const InputIssue& issue : input.issues) fmt::print(stderr, "  {}\n", issue.to_string());
    skipped = skipped || input.skipped > 0 || input.format == "unreadable" ||
              input.format == "unrecognised";
  }
  return skipped;
}

int run_load(const LoadOptions& options) {
  const ch::ClickHouseLayout layout = connect_clickhouse(options.pipeline.engine_url);
  ch::create_schema(layout);
  const std::string source_id =
      options.source_id.empty() ? default_source_id(options.pipeline) : options.source_id;
  ch::ClickHouseLoader loader(layout, {source_id, options.chunk_rows, options.batch_rows});
  const auto start = std::chrono::steady_clock::now();
  PipelineOutput read;
  ch::LoadCounts records;
  try {
    read = read_inputs(options.pipeline, loader);
    records = store_records(layout, source_id, read);
  } catch (const ch::ClickHouseError& error) {
    throw ch::ClickHouseError(fmt::format(
        "{}\nload stopped after {} flow rows; every stored chunk is complete and recorded, so "
        "running the same command again loads the rest without duplicates",
        error.what(), loader.rows_loaded()));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool skipped = print_inputs(read);
  const ch::LoadCounts flows = loader.counts();
  print_counts("flows", flows);
  print_counts("devices, observations, probe runs, input reports", records);
  fmt::print("{:.0f} flow rows/s over {:.1f} s into {} shard(s) of {}\n",
             static_cast<double>(flows.rows_loaded) / std::max(seconds, 1e-9), seconds,
             layout.shards.size(), layout.url.address());
  return skipped ? kExitInputSkipped : kExitOk;
}

}  // namespace

void add_load_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LoadOptions>();
  auto* cmd = app.add_subcommand(
      "load", "Store inputs (datasets, captures, Zeek logs, probe results) in ClickHouse");
  add_reading_options(*cmd, options->pipeline);
  cmd->add_option("--engine", options->pipeline.engine_url,
                  "clickhouse://[user@]host:port/db[?cluster=NAME] (HTTP port; the password comes "
                  "from IOTSCOPE_CLICKHOUSE_PASSWORD or IOTSCOPE_CLICKHOUSE_PASSWORD_FILE)")
      ->required();
  cmd->add_option("--source-id", options->source_id,
                  "Name of this load for idempotence (default: the inputs' absolute paths and "
                  "reading settings)");
  cmd->add_option("--chunk-rows", options->chunk_rows, "Longest chunk of one home's flows")
      ->check(CLI::Range(1, 250'000));
  cmd->add_option("--batch-rows", options->batch_rows, "Rows per INSERT")
      ->check(CLI::Range(1, 500'000));
  cmd->callback([options, &exit_code] {
    options->pipeline.progress = ProgressBar::stderr_is_terminal();
    exit_code = run_load(*options);
  });
}

}  // namespace iotscope
