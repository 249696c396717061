#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "simulate/simulate.hpp"

namespace iotscope {

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto config = std::make_shared<SimulationConfig>();
  auto* cmd =
      app.add_subcommand("simulate", "Generate a deterministic IoT Inspector-style dataset");
  cmd->add_option("--homes", config->homes, "Number of homes")->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--seed", config->seed, "Random seed (same seed, same bytes)");
  cmd->add_option("--out", config->out_dir, "Output folder")->required();
  cmd->add_option("--format", config->format, "csv, tsv or jsonl")
      ->check(CLI::IsMember({"csv", "tsv", "jsonl"}));
  cmd->add_option("--compress", config->compression, "none, gzip or zstd")
      ->check(CLI::IsMember({"none", "gzip", "zstd"}));
  cmd->add_option("--hours", config->observation_hours, "Observation period per home")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--parts", config->parts, "Split the flows table into this many files");
  cmd->add_option("--sweep-rate", config->sweep_rate, "Fraction of homes with a LAN sweeper");
  cmd->add_option("--port-scan-rate", config->port_scan_rate,
                  "Fraction of homes with a port scanner");
  cmd->add_option("--internet-server-rate", config->internet_server_rate,
                  "Fraction of homes with a device serving Internet clients");
  cmd->add_option("--ntp-responder-rate", config->ntp_responder_rate,
                  "Fraction of homes with an NTP responder");
  cmd->add_option("--plaintext-rate", config->plaintext_service_rate,
                  "Fraction of homes with a plaintext service used by other devices");
  cmd->add_option("--label-rate", config->label_rate, "Fraction of devices the user labelled");
  cmd->add_option("--threads", config->threads, "Worker threads (0: all cores)");
  cmd->callback([config, &exit_code] {
    ProgressBar bar("simulating", ProgressBar::stderr_is_terminal());
    const SimulationStats stats = simulate(
        *config, [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
    bar.finish();
    fmt::print(
        "simulated {} homes, {} devices, {} flow rows ({} flows) in {:.1f} s ({:.2f} M rows/s)\n",
        stats.homes, stats.devices, stats.flow_rows, stats.flows, stats.seconds,
        stats.seconds > 0 ? static_cast<double>(stats.flow_rows) / stats.seconds / 1e6 : 0);
    fmt::print("wrote {}/devices.*, {}/flows*, {}/truth.json\n", config->out_dir, config->out_dir,
               config->out_dir);
    exit_code = kExitOk;
  });
}

}  // namespace iotscope
