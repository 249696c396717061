// `iotscope flows`: captures (or Zeek logs) to a Zeek-compatible conn.log, so existing Zeek
// tooling reads iotscope's connections. Addresses are anonymized unless --no-anonymize: IPs
// prefix-preservingly (still valid addresses), MACs keep their vendor OUI.
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include "cli/anonymization_key_file.hpp"
#include "cli/commands.hpp"
#include "cli/input_kinds.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"
#include "report/address_pseudonyms.hpp"
#include "report/anonymizer.hpp"
#include "report/report_context.hpp"
#include "sources/pcap/capture_source.hpp"
#include "sources/zeek/zeek_conn_writer.hpp"
#include "sources/zeek/zeek_log_reader.hpp"
#include "sources/zeek/zeek_values.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

struct FlowsOptions {
  PipelineOptions pipeline;
  std::string out_file;
  std::string format = "tsv";
  bool no_anonymize = false;
  bool no_payload = false;
  std::string key_file;
};

// The command writes connections, not reductions: flows pass through.
class DiscardingAggregator final : public FlowAggregator {
 public:
  void add(const FlowRecord& flow) override { (void)flow; }
};

// What iotscope adds to Zeek's columns, after them.
const std::vector<ZeekExtraColumn> kExtraColumns{{"tls_version", "string"},
                                                 {"tls_cipher", "string"},
                                                 {"server_name", "string"},
                                                 {"app_how_known", "string"}};

// The extra columns' values of a capture's connection, in kExtraColumns' order (empty: unset).
std::array<std::string_view, 4> extra_values(const InspectionResult& result) {
  return {result.tls ? std::string_view(result.tls->version) : std::string_view{},
          result.tls ? std::string_view(result.tls->cipher) : std::string_view{}, result.hostname,
          result.service.empty() ? std::string_view{} : to_string(result.how_known)};
}

void anonymize(AddressPseudonyms& pseudonyms, ZeekConn& row) {
  row.orig_h = pseudonyms.ip(row.orig_h);
  row.resp_h = pseudonyms.ip(row.resp_h);
  if (row.orig_l2_addr) row.orig_l2_addr = pseudonyms.mac(*row.orig_l2_addr);
  if (row.resp_l2_addr) row.resp_l2_addr = pseudonyms.mac(*row.resp_l2_addr);
}

// Messages quote bad values, which may be addresses: anonymized, they name them as reports do.
std::uint64_t report_inputs(const std::vector<InputReport>& inputs, const Anonymizer* names) {
  std::uint64_t problems = 0;
  for (const auto& input : inputs) {
    for (const auto& issue : input.issues) {
      std::cerr << "warning: " << printable_issue(issue, input.path, names) << '\n';
    }
    problems += input.skipped + input.issues.size();
  }
  return problems;
}

int run_flows(const FlowsOptions& options) {
  std::vector<std::string> warnings;
  const InputGroups groups = group_inputs(expand_inputs(options.pipeline.inputs, warnings));
  for (const auto& w : warnings) std::cerr << "warning: " << w << '\n';
  if (!groups.datasets.empty()) {
    std::cerr << "error: " << groups.datasets.front()
              << ": not a capture or Zeek log; flow datasets carry no originator or connection "
                 "state for a conn.log (analyze reads them)\n";
    return kExitFailure;
  }
  // Like --out of analyze and summarize, a folder that does not exist yet is made.
  const std::filesystem::path parent = std::filesystem::path(options.out_file).parent_path();
  std::error_code made;
  if (!parent.empty()) std::filesystem::create_directories(parent, made);
  std::ofstream out(options.out_file, std::ios::binary);
  if (!out) {
    std::cerr << "error: cannot write " << options.out_file
              << (made ? ": cannot make its folder: " + made.message() : std::string{}) << '\n';
    return kExitFailure;
  }
  ZeekConnWriterOptions writer_options;
  writer_options.format = options.format == "json" ? ZeekWriteFormat::json : ZeekWriteFormat::tsv;
  writer_options.extra_columns = kExtraColumns;
  ZeekConnWriter writer(out, writer_options);
  std::optional<AddressPseudonyms> pseudonyms;
  std::string key;
  if (!options.no_anonymize) {
    key = load_or_create_key(options.key_file.empty() ? default_key_file()
                                                      : fs::path(options.key_file));
    pseudonyms.emplace(key);
  }
  std::optional<Anonymizer> anonymizer;
  if (!options.no_anonymize) anonymizer.emplace(key);
  const Anonymizer* names = anonymizer ? &*anonymizer : nullptr;
  std::uint64_t rows = 0;
  // Rows are written as they come when addresses stay real, else through an anonymized copy.
  const auto write = [&](const ZeekConn& row, auto&&... extra_values) {
    ++rows;
    if (!pseudonyms) {
      writer.write(row, extra_values...);
      return;
    }
    // The pseudonyms remember every address they mapped: a scan of millions of addresses would
    // grow them without end, so they start afresh now and then (same key, same mapping).
    constexpr std::uint64_t kRowsPerMemo = 1 << 17;
    if (rows % kRowsPerMemo == 0) pseudonyms->forget_addresses();
    ZeekConn copy = row;
    anonymize(*pseudonyms, copy);
    writer.write(copy, extra_values...);
  };
  std::uint64_t problems = 0;
  if (!groups.captures.empty()) {
    CaptureOptions capture;
    capture.home_id = options.pipeline.home_id;
    capture.local = options.pipeline.local_networks;
    capture.make_records = false;  // the conn.log needs the connections only
    capture.inspect_payload = !options.no_payload;
    capture.threads = options.pipeline.threads;
    capture.max_memory = options.pipeline.max_memory;
    DiscardingAggregator discard;
    ProgressBar bar("capture", options.pipeline.progress);
    const auto contents = read_captures(
        groups.captures, capture, discard,
        [&](const ZeekConn& conn, const InspectionResult& result) {
          const auto extras = extra_values(result);
          write(conn, std::span<const std::string_view>(extras));
        },
        [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
    for (const auto& w : contents.warnings) std::cerr << "warning: " << w << '\n';
    problems += report_inputs(contents.inputs, names);
  }
  for (const auto& log : groups.zeek_logs) {
    ZeekLogSink sink;
    sink.on_conn = [&write](ZeekConn&& row) { write(row); };
    const auto result = read_zeek_log_file(log, sink);
    problems += report_inputs({result.report}, names);
  }
  writer.close();
  out.close();
  fmt::print(stderr, "{} connections written to {}\n", rows, options.out_file);
  return problems > 0 ? kExitInputSkipped : kExitOk;
}

}  // namespace

void add_flows_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FlowsOptions>();
  auto* cmd = app.add_subcommand(
      "flows", "Write the connections of captures or Zeek logs as a Zeek-compatible conn.log");
  add_reading_options(*cmd, options->pipeline);
  cmd->add_option("--out", options->out_file, "conn.log to write")->required();
  cmd->add_option("--format", options->format, "tsv (Zeek's TSV with header) or json (JSON Lines)")
      ->check(CLI::IsMember({"tsv", "json"}));
  cmd->add_flag("--no-anonymize", options->no_anonymize, "Write real IP and MAC addresses");
  cmd->add_flag("--no-payload", options->no_payload,
                "Track connections only, as Zeek does with no analyzers loaded: service, "
                "tls_version, tls_cipher and server_name stay empty (captures)");
  cmd->add_option("--anonymization-key", options->key_file,
                  "Secret for anonymization (created when missing)");
  cmd->add_flag("--progress", options->pipeline.progress, "Show a progress bar on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_flows(*options); });
}

}  // namespace iotscope
