// `iotscope summarize`: the engine's reductions as sorted TSV files keyed by the dataset's own
// ids, so another engine (ClickHouse, a notebook) can be checked against them line by line.
// Unless --no-anonymize, the ids are the keyed ones report.json uses (a device's id may be its
// MAC or IP address).
#include <fmt/format.h>
#include <fmt/os.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

#include "cli/anonymization_key_file.hpp"
#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"
#include "cli/report_files.hpp"
#include "report/anonymizer.hpp"
#include "report/report_context.hpp"
#include "report/text_scrubber.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

struct SummarizeOptions {
  PipelineOptions pipeline;
  std::string out_dir;
  bool no_anonymize = false;
  std::string key_file;
};

using DeviceNames = std::unordered_map<DeviceKey, std::string, DeviceKeyHash>;

// "home\tdevice" for every device: the dataset's ids, or with an anonymizer the keyed ids of
// report.json. Computed once per device, not once per row.
DeviceNames name_devices(const std::vector<DeviceRecord>& devices, const Anonymizer* anonymizer) {
  DeviceNames names;
  for (const DeviceRecord& device : devices) {
    names.emplace(device.key, anonymizer == nullptr
                                  ? device.home_id + "\t" + device.source_id
                                  : anonymizer->home_id(device.home_id) + "\t" +
                                        anonymizer->device_id(device.home_id, device.source_id));
  }
  return names;
}

// A key no device record names: its hashes, keyed when anonymizing (a plain hash of a MAC
// address can be reversed by trying every address).
std::string device_columns(const DeviceNames& names, const DeviceKey& key,
                           const Anonymizer* anonymizer) {
  if (const auto it = names.find(key); it != names.end()) return it->second;
  const std::string hashes = fmt::format("{:016x}\t{:016x}", key.home, key.device);
  if (anonymizer == nullptr) return fmt::format("#{:016x}\t#{:016x}", key.home, key.device);
  return fmt::format("h?{}\td?{}", anonymizer->tag("summary-home", hashes.substr(0, 16), 12),
                     anonymizer->tag("summary-device", hashes, 12));
}

// Rows are built as text and sorted, so the file order depends on nothing but the values.
void write_sorted(const fs::path& file, std::string_view header, std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  auto out = fmt::output_file(file.string());
  out.print("{}\n", header);
  for (const std::string& row : rows) out.print("{}\n", row);
}

template <typename Summary, typename Distinct>
std::vector<std::string> port_rows(const DeviceNames& names, const Anonymizer* anonymizer,
                                   const std::vector<Summary>& all, Distinct distinct) {
  std::vector<std::string> rows;
  rows.reserve(all.size());
  for (const Summary& s : all) {
    rows.push_back(fmt::format(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", device_columns(names, s.device, anonymizer), s.port,
        to_string(s.transport), to_string(s.scope), s.totals.flows, s.totals.bytes(), distinct(s),
        s.distinct_remote_hosts, s.totals.windows));
  }
  return rows;
}

int run_summarize(const SummarizeOptions& options) {
  const PipelineOutput output = read_and_reduce(options.pipeline);
  std::optional<Anonymizer> anonymizer;
  if (!options.no_anonymize) {
    anonymizer.emplace(load_or_create_key(options.key_file.empty() ? default_key_file()
                                                                   : fs::path(options.key_file)));
  }
  const Anonymizer* keyed = anonymizer ? &*anonymizer : nullptr;
  const DeviceNames names = name_devices(output.dataset.devices, keyed);
  fs::create_directories(options.out_dir);
  const fs::path dir(options.out_dir);
  write_sorted(dir / "local_ports.tsv",
               "home\tdevice\tport\ttransport\tscope\tflows\tbytes\tdistinct_remote_ports\t"
               "distinct_remote_hosts\twindows",
               port_rows(names, keyed, output.summaries.local_ports,
                         [](const LocalPortSummary& s) { return s.distinct_remote_ports; }));
  write_sorted(dir / "remote_ports.tsv",
               "home\tdevice\tport\ttransport\tscope\tflows\tbytes\tdistinct_local_ports\t"
               "distinct_remote_hosts\twindows",
               port_rows(names, keyed, output.summaries.remote_ports,
                         [](const RemotePortSummary& s) { return s.distinct_local_ports; }));
  std::vector<std::string> edges;
  for (const EdgeSummary& e : output.summaries.edges) {
    edges.push_back(fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                                device_columns(names, e.device, keyed), e.local_port, e.remote_port,
                                to_string(e.transport), to_string(e.scope), e.flows, e.bytes,
                                e.peer_device != 0));
  }
  write_sorted(dir / "edges.tsv",
               "home\tdevice\tlocal_port\tremote_port\ttransport\tscope\tflows\tbytes\tpeer_known",
               std::move(edges));
  // Bad input is named as analyze names it (anonymized alike) and sets the same exit code.
  for (const std::string& warning : output.warnings) {
    fmt::print(stderr, "warning: {}\n", keyed ? scrub_addresses(warning, *keyed) : warning);
  }
  for (const InputReport& input : output.dataset.inputs) {
    for (const InputIssue& issue : input.issues) {
      fmt::print(stderr, "{}\n", printable_issue(issue, input.path, keyed));
    }
  }
  fmt::print("{} flows; summaries in {}\n", output.summaries.flows, options.out_dir);
  return anything_skipped(output.dataset.inputs) ? kExitInputSkipped : kExitOk;
}

}  // namespace

void add_summarize_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SummarizeOptions>();
  auto* cmd = app.add_subcommand(
      "summarize", "Write the engine's reductions as sorted TSV (for checking other engines)");
  cmd->add_option("--out", options->out_dir, "Output folder")->required();
  add_reading_options(*cmd, options->pipeline, false);
  add_engine_options(*cmd, options->pipeline);
  cmd->add_flag("--no-anonymize", options->no_anonymize,
                "Write the dataset's own home and device ids (a device id may be a MAC or IP)");
  cmd->add_option("--anonymization-key", options->key_file,
                  "File holding the secret for keyed hashing (created if missing)");
  cmd->callback([options, &exit_code] {
    check_inputs_or_engine(options->pipeline);
    options->pipeline.progress = ProgressBar::stderr_is_terminal();
    exit_code = run_summarize(*options);
  });
}

}  // namespace iotscope
