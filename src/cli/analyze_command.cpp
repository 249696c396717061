#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/progress_bar.hpp"
#include "cli/report_files.hpp"
#include "report/terminal_summary.hpp"

namespace iotscope {
namespace {

struct AnalyzeOptions {
  PipelineOptions pipeline;
  std::string out_dir = "iotscope-report";
  bool no_anonymize = false;
  std::string key_file;
  std::string svg_dir;
  bool quiet = false;
  bool timings = false;
};

int run_analyze(const AnalyzeOptions& options) {
  PipelineOutput output = run_pipeline(options.pipeline);
  ReportFileOptions report_options;
  report_options.anonymize = !options.no_anonymize;
  report_options.key_file = options.key_file;
  report_options.svg_dir = options.svg_dir;
  const ReportModel model = make_report_model(output, report_options);
  const auto reports_start = std::chrono::steady_clock::now();
  const auto written = write_report_files(model, options.out_dir, report_options);
  output.seconds.reports =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - reports_start).count();
  if (!options.quiet) write_terminal_summary(model, std::cout);
  print_report_problems(model);
  if (options.timings) {
    // One line: bench/run_full_analysis.sh counts every other line on stderr as a problem.
    fmt::print(stderr,
               "seconds: read {:.2f}, identify {:.2f}, reduce {:.2f}, analyze {:.2f}, reports "
               "{:.2f}; reduced homes spilled: {} MB\n",
               output.seconds.read, output.seconds.identify, output.seconds.reduce,
               output.seconds.analyze, output.seconds.reports, output.spilled_bytes >> 20);
  }
  fmt::print("report: {}/report.json ({} files in {})\n", options.out_dir, written.size(),
             options.out_dir);
  return anything_skipped(model.inputs) ? kExitInputSkipped : kExitOk;
}

}  // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand("analyze", "Analyze IoT Inspector datasets into a report");
  cmd->add_option("--out", options->out_dir, "Report folder");
  add_reading_options(*cmd, options->pipeline, false);
  add_engine_options(*cmd, options->pipeline);
  cmd->add_option("--scan-window", options->pipeline.engine.scan_window_seconds,
                  "Seconds per scan detection window")
      ->check(CLI::PositiveNumber);
  auto& analysis = options->pipeline.analysis;
  cmd->add_option("--server-min-remote-ports", analysis.server_min_distinct_remote_ports,
                  "Distinct remote ports that make a local port a server");
  cmd->add_option("--sweep-min-targets", analysis.sweep_min_targets,
                  "Distinct local targets in a window that make a sweep");
  cmd->add_option("--port-scan-min-ports", analysis.port_scan_min_ports,
                  "Distinct ports on one target in a window that make a port scan");
  cmd->add_option("--oui", options->pipeline.oui_path, "IEEE OUI registry (CSV)");
  cmd->add_flag("--no-anonymize", options->no_anonymize,
                "Show MAC and IP addresses and dataset ids");
  cmd->add_option("--anonymization-key", options->key_file,
                  "File holding the secret for keyed hashing (created if missing)");
  cmd->add_option("--svg", options->svg_dir,
                  "Also write the figures as SVG files (paper column width) into this folder");
  cmd->add_flag("--quiet", options->quiet, "No tables on the terminal");
  cmd->add_flag("--timings", options->timings, "Print stage timings on stderr");
  cmd->callback([options, &exit_code] {
    check_inputs_or_engine(options->pipeline);
    options->pipeline.progress = ProgressBar::stderr_is_terminal();
    exit_code = run_analyze(*options);
  });
}

}  // namespace iotscope
