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
}

}  // namespace iotscope
