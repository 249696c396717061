// `iotscope summarize`: the engine's reductions as sorted TSV files keyed by the dataset's own
// ids, so another engine (ClickHouse, a notebook) can be checked against them line by line.
#include <fmt/format.h>
#include <fmt/os.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

struct SummarizeOptions {
  PipelineOptions pipeline;
  std::string out_dir;
};

using DeviceNames = std::unordered_map<DeviceKey, const DeviceRecord*, DeviceKeyHash>;

std::string device_columns(const DeviceNames& names, const DeviceKey& key) {
  const auto it = names.find(key);
  if (it == names.end()) return fmt::format("#{:016x}\t#{:016x}", key.home, key.device);
  return it->second->home_id + "\t" + it->second->source_id;
}

// Rows are built as text and sorted, so the file order depends on nothing but the values.
void write_sorted(const fs::path& file, std::string_view header, std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  auto out = fmt::output_file(file.string());
  out.print("{}\n", header);
  for (const std::string& row : rows) out.print("{}\n", row);
}

template <typename Summary, typename Distinct>
std::vector<std::string> port_rows(const DeviceNames& names, const std::vector<Summary>& all,
                                   Distinct distinct) {
  std::vector<std::string> rows;
  rows.reserve(all.size());
  for (const Summary& s : all) {
    rows.push_back(fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                               device_columns(names, s.device), s.port, to_string(s.transport),
                               to_string(s.scope), s.totals.flows, s.totals.bytes(), distinct(s),
                               s.distinct_remote_hosts, s.totals.windows));
  }
  return rows;
}

int run_summarize(const SummarizeOptions& options) {
  const PipelineOutput output = read_and_reduce(options.pipeline);
  DeviceNames names;
  for (const DeviceRecord& device : output.dataset.devices) names.emplace(device.key, &device);
  fs::create_directories(options.out_dir);
  const fs::path dir(options.out_dir);
  write_sorted(dir / "local_ports.tsv",
               "home\tdevice\tport\ttransport\tscope\tflows\tbytes\tdistinct_remote_ports\t"
               "distinct_remote_hosts\twindows",
               port_rows(names, output.summaries.local_ports,
                         [](const LocalPortSummary& s) { return s.distinct_remote_ports; }));
  write_sorted(dir / "remote_ports.tsv",
               "home\tdevice\tport\ttransport\tscope\tflows\tbytes\tdistinct_local_ports\t"
               "distinct_remote_hosts\twindows",
               port_rows(names, output.summaries.remote_ports,
                         [](const RemotePortSummary& s) { return s.distinct_local_ports; }));
  std::vector<std::string> edges;
  for (const EdgeSummary& e : output.summaries.edges) {
    edges.push_back(fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", device_columns(names, e.device),
                                e.local_port, e.remote_port, to_string(e.transport),
                                to_string(e.scope), e.flows, e.bytes, e.peer_device != 0));
  }
  write_sorted(dir / "edges.tsv",
               "home\tdevice\tlocal_port\tremote_port\ttransport\tscope\tflows\tbytes\tpeer_known",
               std::move(edges));
  fmt::print("{} flows; summaries in {}\n", output.summaries.flows, options.out_dir);
  return kExitOk;
}

}  // namespace

void add_summarize_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SummarizeOptions>();
  auto* cmd = app.add_subcommand(
      "summarize", "Write the engine's reductions as sorted TSV (for checking other engines)");
  cmd->add_option("--out", options->out_dir, "Output folder")->required();
  add_reading_options(*cmd, options->pipeline, false);
  add_engine_options(*cmd, options->pipeline);
  cmd->callback([options, &exit_code] {
    check_inputs_or_engine(options->pipeline);
    options->pipeline.progress = ProgressBar::stderr_is_terminal();
    exit_code = run_summarize(*options);
  });
}

}  // namespace iotscope
