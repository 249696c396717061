#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "sources/pcap/memory_cap.hpp"
#include "sources/text/field_parsers.hpp"
#include "util/hash.hpp"

namespace iotscope {

void add_reading_options(CLI::App& cmd, PipelineOptions& options, bool inputs_required) {
  auto* inputs = cmd.add_option("inputs", options.inputs, "Files or folders to read");
  if (inputs_required) inputs->required();
  cmd.add_option("--threads", options.threads, "Worker threads (0: all cores)");
  cmd.add_option("--flow-gap", options.flow_gap_seconds,
                 "Seconds between windows that start a new flow")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--reorder-window", options.reorder_seconds,
                 "Seconds a row may arrive out of time order and still join its flow "
                 "(more keeps more flows in memory)")
      ->check(CLI::PositiveNumber);
  add_home_options(cmd, options);
  add_memory_option(cmd, options);
  cmd.add_option("--external-scan", options.external_scans,
                 "nmap XML or probe results of a scan from the Internet side, compared with the "
                 "inside view");
}

void add_home_options(CLI::App& cmd, PipelineOptions& options) {
  cmd.add_option("--home", options.home_id,
                 "Name of the home a capture or Zeek log shows (anonymized like every id)");
  cmd.add_option_function<std::vector<std::string>>(
         "--local",
         [&options](const std::vector<std::string>& cidrs) {
           std::string error;
           auto networks = LocalNetworks::parse(cidrs, error);
           if (!networks) throw CLI::ValidationError("--local", error);
           options.local_networks = std::move(*networks);
         },
         "The home's networks in captures and Zeek logs, e.g. 192.168.1.0/24,fd00::/8 "
         "(default: private, link-local and loopback ranges)")
      ->delimiter(',');
}

void add_memory_option(CLI::App& cmd, PipelineOptions& options) {
  cmd.add_option_function<std::string>(
      "--max-memory",
      [&options](const std::string& text) {
        const auto bytes = parse_memory_size(text);
        if (!bytes) {
          throw CLI::ValidationError(
              "--max-memory",
              "'" + text + "' is no size of at least 1 MiB (e.g. 512M, 2G, 1.5GiB)");
        }
        options.max_memory = *bytes;
      },
      "Memory reading captures may use, e.g. 512M or 2G (default: half the machine's memory, at "
      "most 4G): bounds the flow tables, payload inspection, fragment reassembly and the flow "
      "records analysed; what does not fit is evicted or left out and reported as a warning");
}

void add_engine_options(CLI::App& cmd, PipelineOptions& options) {
  cmd.add_option("--engine", options.engine_url,
                 "Analyse what `iotscope load` stored in ClickHouse instead of reading inputs: "
                 "clickhouse://[user@]host:port/db[?cluster=NAME] (HTTP port; the password comes "
                 "from IOTSCOPE_CLICKHOUSE_PASSWORD or IOTSCOPE_CLICKHOUSE_PASSWORD_FILE)");
  cmd.add_option_function<std::vector<std::string>>(
         "--homes",
         [&options](const std::vector<std::string>& homes) {
           for (const auto& home : homes) options.selection.homes.push_back(hash_text(home));
           std::sort(options.selection.homes.begin(), options.selection.homes.end());
         },
         "Analyse only these homes (their ids in the dataset, or --home of a capture)")
      ->delimiter(',');
  const auto time_option = [&cmd](const char* name, std::optional<double>& target,
                                  const char* help) {
    cmd.add_option_function<std::string>(
        name,
        [name, &target](const std::string& text) {
          target = parse_unix_time(text);
          if (!target) {
            throw CLI::ValidationError(
                name, "'" + text + "' is neither Unix seconds nor an ISO 8601 UTC date-time");
          }
        },
        help);
  };
  time_option("--from", options.selection.from_ts,
              "Analyse flows starting at or after this time (Unix seconds or "
              "2024-05-01T00:00:00Z)");
  time_option("--until", options.selection.until_ts, "Analyse flows starting before this time");
  cmd.add_option("--spill-dir", options.engine.spill_directory,
                 fmt::format("Folder for the run's unnamed scratch file, where reduced homes wait "
                             "for the analyses once they pass {} MB (default: $TMPDIR, else "
                             "/var/tmp)",
                             EngineConfig{}.summaries_in_memory >> 20))
      ->check(CLI::ExistingDirectory);
}

void check_inputs_or_engine(const PipelineOptions& options) {
  if (options.engine_url.empty() && options.inputs.empty()) {
    throw CLI::ValidationError("inputs", "give files or folders to read, or --engine");
  }
  if (!options.engine_url.empty() && !options.inputs.empty()) {
    throw CLI::ValidationError("inputs",
                               "--engine analyses stored data; store inputs with `iotscope load` "
                               "first instead of naming them here");
  }
}

}  // namespace iotscope
