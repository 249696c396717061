#include <fmt/format.h>

#include <exception>

#include "cli/commands.hpp"
#include "cli/heap_setup.hpp"

int main(int argc, char** argv) try {
  iotscope::set_up_heap();
  CLI::App app{"iotscope: what IoT devices really do inside home networks"};
  app.set_version_flag("--version", [] {
    return fmt::format("iotscope {}\nheap: {}", IOTSCOPE_VERSION, iotscope::heap_description());
  });
  app.require_subcommand(1);
  int exit_code = iotscope::kExitOk;
  iotscope::add_simulate_command(app, exit_code);
  iotscope::add_analyze_command(app, exit_code);
  iotscope::add_summarize_command(app, exit_code);
  iotscope::add_flows_command(app, exit_code);
  iotscope::add_capture_command(app, exit_code);
  iotscope::add_probe_command(app, exit_code);
  iotscope::add_load_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    fmt::print(stderr, "iotscope: {}\n", error.what());
    return iotscope::kExitFailure;
  }
  return exit_code;
} catch (...) {
  // Printing itself failed (stderr closed, out of memory): nothing left to say.
  return iotscope::kExitFailure;
}
