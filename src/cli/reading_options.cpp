#include "cli/commands.hpp"
#include "cli/pipeline.hpp"

namespace iotscope {

void add_reading_options(CLI::App& cmd, PipelineOptions& options) {
  cmd.add_option("inputs", options.inputs, "Files or folders to read")->required();
  cmd.add_option("--threads", options.threads, "Worker threads (0: all cores)");
  cmd.add_option("--flow-gap", options.flow_gap_seconds,
                 "Seconds between windows that start a new flow")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--reorder-window", options.reorder_seconds,
                 "Seconds a row may arrive out of time order and still join its flow "
                 "(more keeps more flows in memory)")
      ->check(CLI::PositiveNumber);
  add_home_options(cmd, options);
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

}  // namespace iotscope
