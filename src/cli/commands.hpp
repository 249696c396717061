#pragma once
// Each subcommand registers its options on the app and, when chosen, runs and sets the exit code.
#include <CLI/CLI.hpp>

namespace iotscope {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitInputSkipped = 3;  // finished, but some input rows or files were skipped

struct PipelineOptions;
// The inputs and how they are read, shared by every command that reads datasets.
void add_reading_options(CLI::App& cmd, PipelineOptions& options, bool inputs_required = true);
// --engine and the selection (--homes, --from, --until) of commands that analyse; with them,
// inputs are optional: check_inputs_or_engine() in the command's callback.
void add_engine_options(CLI::App& cmd, PipelineOptions& options);
void check_inputs_or_engine(const PipelineOptions& options);
// --home and --local: which home a capture or Zeek log shows (part of the reading options).
void add_home_options(CLI::App& cmd, PipelineOptions& options);
// --max-memory SIZE: what reading captures may use.
void add_memory_option(CLI::App& cmd, PipelineOptions& options);

void add_simulate_command(CLI::App& app, int& exit_code);
void add_analyze_command(CLI::App& app, int& exit_code);
void add_summarize_command(CLI::App& app, int& exit_code);
void add_flows_command(CLI::App& app, int& exit_code);
void add_capture_command(CLI::App& app, int& exit_code);
void add_probe_command(CLI::App& app, int& exit_code);
void add_load_command(CLI::App& app, int& exit_code);

}  // namespace iotscope
