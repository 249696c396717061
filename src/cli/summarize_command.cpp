// `iotscope summarize`: the engine's reductions as sorted TSV files keyed by the dataset's own
// ids, so another engine (ClickHouse, a notebook) can be checked against them line by line.
// Unless --no-anonymize, the ids are the keyed ones report.json uses (a device's id may be its
// MAC or IP address).
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>

#include "cli/anonymization_key_file.hpp"
#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"
#include "cli/report_files.hpp"
#include "engine/home_pieces.hpp"
#include "report/anonymizer.hpp"
#include "report/report_context.hpp"
#include "report/text_scrubber.hpp"
#include "util/side_by_side.hpp"
#include "util/sorted_text_rows.hpp"

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

// The three tables as sorted text, filled a batch of homes at a time: the merged tables of
// every home were 4 GB beside their text at 50,000 homes.
struct SummaryFiles {
  SortedTextRows local_ports;
  SortedTextRows remote_ports;
  SortedTextRows edges;
  std::uint64_t flows = 0;

  void add(const Summaries& s, const DeviceNames& names, const Anonymizer* anonymizer) {
    flows += s.flows;
    add_ports(local_ports, s.local_ports, names, anonymizer,
              [](const LocalPortSummary& p) { return p.distinct_remote_ports; });
    add_ports(remote_ports, s.remote_ports, names, anonymizer,
              [](const RemotePortSummary& p) { return p.distinct_local_ports; });
    for (const EdgeSummary& e : s.edges) {
      edges.add("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", device_columns(names, e.device, anonymizer),
                e.local_port, e.remote_port, to_string(e.transport), to_string(e.scope), e.flows,
                e.bytes, e.peer_device != 0);
    }
  }

  void absorb(SummaryFiles&& other) {
    local_ports.absorb(std::move(other.local_ports));
    remote_ports.absorb(std::move(other.remote_ports));
    edges.absorb(std::move(other.edges));
    flows += other.flows;
  }

  void write(const fs::path& dir, bool two_threads) {
    const auto ports = [&] {
      local_ports.write(dir / "local_ports.tsv",
                        "home\tdevice\tport\ttransport\tscope\tflows\tbytes\t"
                        "distinct_remote_ports\tdistinct_remote_hosts\twindows");
      remote_ports.write(dir / "remote_ports.tsv",
                         "home\tdevice\tport\ttransport\tscope\tflows\tbytes\t"
                         "distinct_local_ports\tdistinct_remote_hosts\twindows");
    };
    const auto edge_file = [&] {
      edges.write(dir / "edges.tsv",
                  "home\tdevice\tlocal_port\tremote_port\ttransport\tscope\tflows\tbytes\t"
                  "peer_known");
    };
    if (two_threads) {
      run_side_by_side(ports, edge_file);
    } else {
      ports();
      edge_file();
    }
  }

  template <typename Summary, typename Distinct>
  static void add_ports(SortedTextRows& rows, const std::vector<Summary>& all,
                        const DeviceNames& names, const Anonymizer* anonymizer, Distinct distinct) {
    for (const Summary& s : all) {
      rows.add("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", device_columns(names, s.device, anonymizer),
               s.port, to_string(s.transport), to_string(s.scope), s.totals.flows, s.totals.bytes(),
               distinct(s), s.distinct_remote_hosts, s.totals.windows);
    }
  }
};

// Batches of homes taken in order by two threads (or one), each filling its own files.
SummaryFiles format_tables(HomePieces& homes, const DeviceNames& names, const Anonymizer* keyed,
                           bool two_threads) {
  const std::vector<HomeBatch> batches = plan_home_batches(homes, kHomeBatchRows);
  std::atomic<std::size_t> next{0};
  const auto fill = [&](SummaryFiles& files) {
    for (std::size_t i = next++; i < batches.size(); i = next++) {
      files.add(take_home_batch(homes, batches[i]), names, keyed);
    }
  };
  SummaryFiles files;
  SummaryFiles other;
  if (two_threads) {
    run_side_by_side([&] { fill(files); }, [&] { fill(other); });
  } else {
    fill(files);
  }
  files.absorb(std::move(other));
  return files;
}

int run_summarize(const SummarizeOptions& options) {
  HomePieces homes;
  const PipelineOutput output = read_and_reduce_by_home(options.pipeline, homes);
  std::optional<Anonymizer> anonymizer;
  if (!options.no_anonymize) {
    anonymizer.emplace(load_or_create_key(options.key_file.empty() ? default_key_file()
                                                                   : fs::path(options.key_file)));
  }
  const Anonymizer* keyed = anonymizer ? &*anonymizer : nullptr;
  const DeviceNames names = name_devices(output.dataset.devices, keyed);
  fs::create_directories(options.out_dir);
  const fs::path dir(options.out_dir);
  const bool two_threads = options.pipeline.threads != 1;
  SummaryFiles files = format_tables(homes, names, keyed, two_threads);
  files.write(dir, two_threads);
  // Bad input is named as analyze names it (anonymized alike) and sets the same exit code.
  for (const std::string& warning : output.warnings) {
    fmt::print(stderr, "warning: {}\n", keyed ? scrub_addresses(warning, *keyed) : warning);
  }
  for (const InputReport& input : output.dataset.inputs) {
    for (const InputIssue& issue : input.issues) {
      fmt::print(stderr, "{}\n", printable_issue(issue, input.path, keyed));
    }
  }
  fmt::print("{} flows; summaries in {}\n", files.flows, options.out_dir);
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
