// `iotscope capture`: live capture from an interface into rotating pcap files, with the analyze
// pipeline run over the files so far every K rotations and once more at the end. The capture
// loop never waits for an analysis; SIGINT, SIGTERM or the end of --duration close the current
// file cleanly and run the final analysis.
#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "cli/anonymization_key_file.hpp"
#include "cli/capture_analysis.hpp"
#include "cli/commands.hpp"
#include "cli/pipeline.hpp"
#include "cli/stop_signals.hpp"
#include "report/anonymizer.hpp"
#include "sources/pcap/live_capture.hpp"
#include "sources/pcap/rotating_pcap_writer.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;
using Clock = RotatingPcapWriter::Clock;

struct CaptureCommandOptions {
  LiveCaptureOptions capture;
  std::string out_dir;
  double rotate_seconds = 300;
  double rotate_megabytes = 0;
  unsigned analyze_every = 1;
  double duration_seconds = 0;  // 0: until SIGINT or SIGTERM
  PipelineOptions pipeline;
  bool no_anonymize = false;
  std::string key_file;
};

// Longest sleep in poll(), so the clock is looked at even when no frame comes.
constexpr std::chrono::milliseconds kLongestWait{500};

// The capture files written so far, and when to ask for the next analysis.
class RotationLog {
 public:
  RotationLog(BackgroundAnalysis& analysis, unsigned analyze_every)
      : analysis_(analysis), analyze_every_(analyze_every) {}

  void closed(const RotatedFile& file, bool last) {
    files_.push_back(file.path);
    fmt::print(stderr, "capture: {} closed ({} frames, {} bytes)\n", file.path.string(),
               file.frames, file.bytes);
    if (last) return;
    if (++since_analysis_ >= analyze_every_) {
      since_analysis_ = 0;
      analysis_.request(files_, false);
    }
  }
  const std::vector<fs::path>& files() const { return files_; }

 private:
  BackgroundAnalysis& analysis_;
  unsigned analyze_every_;
  unsigned since_analysis_ = 0;
  std::vector<fs::path> files_;
};

std::chrono::milliseconds wait_until(Clock::time_point now, Clock::time_point next) {
  if (next <= now) return std::chrono::milliseconds{0};
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(next - now);
  return std::min(left, kLongestWait);
}

// Polls the capture and the stop signals until one of the signals, the end of the duration or a
// capture failure; returns why it stopped.
std::string capture_until_stopped(LiveCapture& capture, RotatingPcapWriter& writer,
                                  RotationLog& log, StopSignals& signals,
                                  Clock::time_point deadline) {
  const auto write = [&](const CaptureFrame& frame) {
    if (auto rotated = writer.write(frame, Clock::now())) log.closed(*rotated, false);
  };
  while (true) {
    Clock::time_point now = Clock::now();
    if (now >= deadline) return "--duration ended";
    if (auto rotated = writer.rotate_if_due(now)) log.closed(*rotated, false);
    pollfd watched[2] = {{capture.selectable_fd(), POLLIN, 0}, {signals.fd(), POLLIN, 0}};
    const auto wait = wait_until(now, std::min(deadline, writer.next_rotation()));
    if (poll(watched, 2, static_cast<int>(wait.count())) < 0 && errno != EINTR) {
      throw std::runtime_error(fmt::format("poll failed: {}", std::strerror(errno)));
    }
    if ((watched[1].revents & POLLIN) != 0) {
      const std::string signal = signals.take();
      if (!signal.empty()) return signal;
    }
    if ((watched[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      capture.read_waiting(write);
      writer.flush();
    }
  }
}

// Waits for the final analysis; a second stop signal gives up on it.
int wait_for_final_analysis(BackgroundAnalysis& analysis, StopSignals& signals) {
  while (!analysis.wait_idle(std::chrono::milliseconds{200})) {
    const std::string signal = signals.take();
    if (!signal.empty()) {
      fmt::print(stderr,
                 "capture: {} again: stopping without the final analysis (the capture files are "
                 "complete; `iotscope analyze` reads them)\n",
                 signal);
      return kExitFailure;
    }
  }
  return analysis.last_outcome();
}

int run_capture(const CaptureCommandOptions& options) {
  StopSignals signals;  // before any thread, so every thread leaves the signals to it
  LiveCapture capture(options.capture);  // first: no root is the likeliest problem
  const fs::path out_dir(options.out_dir);
  fs::create_directories(out_dir);
  for (const std::string& warning : capture.warnings()) {
    fmt::print(stderr, "warning: {}\n", warning);
  }
  ReportFileOptions report;
  report.anonymize = !options.no_anonymize;
  report.key_file = options.key_file;
  // Load (or create) the key now: a bad key file should stop the command before it captures.
  load_or_create_key(report.key_file.empty() ? default_key_file() : fs::path(report.key_file));
  RotationPolicy policy;
  policy.seconds = options.rotate_seconds;
  policy.max_bytes = static_cast<std::uint64_t>(options.rotate_megabytes * 1'000'000.0);
  const Clock::time_point start = Clock::now();
  RotatingPcapWriter writer(out_dir, capture.link_type(), capture.snaplen(), policy, start);
  BackgroundAnalysis analysis(
      CaptureAnalysisSettings{options.pipeline, report, out_dir / "report"});
  RotationLog log(analysis, options.analyze_every);
  const Clock::time_point deadline =
      options.duration_seconds > 0
          ? start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(options.duration_seconds))
          : Clock::time_point::max();
  fmt::print(stderr, "capture: listening on {} (link type {}), writing {}\n",
             options.capture.interface, capture.link_type(), writer.current_path().string());

  std::string failure;
  std::string reason;
  try {
    reason = capture_until_stopped(capture, writer, log, signals, deadline);
    // Frames already in the kernel buffer were captured before the stop: keep them.
    capture.read_waiting([&](const CaptureFrame& frame) {
      if (auto rotated = writer.write(frame, Clock::now())) log.closed(*rotated, false);
    });
  } catch (const std::exception& error) {
    failure = error.what();
    reason = "capture failed";
  }
  try {
    if (auto last = writer.close()) log.closed(*last, true);
  } catch (const std::exception& error) {
    if (failure.empty()) failure = error.what();
  }
  const LiveCaptureStats stats = capture.stats();
  fmt::print(stderr,
             "capture: stopped ({}): {} files, {} frames received, {} dropped by the kernel, {} "
             "by the interface\n",
             reason, log.files().size(), stats.received, stats.dropped, stats.interface_dropped);
  if (!failure.empty()) fmt::print(stderr, "error: {}\n", failure);
  int outcome = kExitOk;
  if (!log.files().empty()) {
    analysis.request(log.files(), true);
    outcome = wait_for_final_analysis(analysis, signals);
  }
  return failure.empty() ? outcome : kExitFailure;
}

}  // namespace

void add_capture_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CaptureCommandOptions>();
  auto* cmd = app.add_subcommand(
      "capture",
      "Capture an interface into rotating pcap files and analyze them as they come (needs root)");
  cmd->add_option("-i,--interface", options->capture.interface, "Interface to capture on")
      ->required();
  cmd->add_option("--out", options->out_dir,
                  "Folder for the capture files and, in report/, the reports")
      ->required();
  cmd->add_option("--filter", options->capture.filter,
                  "BPF filter, as tcpdump takes it (default: every frame)");
  cmd->add_option("--rotate-seconds", options->rotate_seconds,
                  "Start a new capture file every N seconds (0: never by time)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--rotate-megabytes", options->rotate_megabytes,
                  "Start a new capture file before one passes M megabytes (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--analyze-every", options->analyze_every,
                  "Analyze all capture files so far after every K rotations")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--duration", options->duration_seconds,
                  "Stop after this many seconds (default: at SIGINT or SIGTERM)")
      ->check(CLI::PositiveNumber);
  add_home_options(*cmd, options->pipeline);
  add_memory_option(*cmd, options->pipeline);
  cmd->add_flag("--no-anonymize", options->no_anonymize,
                "Show MAC and IP addresses in the reports");
  cmd->add_option("--anonymization-key", options->key_file,
                  "File holding the secret for keyed hashing (created if missing)");
  cmd->callback([options, &exit_code] { exit_code = run_capture(*options); });
}

}  // namespace iotscope
