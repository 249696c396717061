#include "cli/capture_analysis.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>

#include "cli/commands.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

// Puts the freshly written `partial` folder in place of `target` in one rename when the kernel can
// swap them, else in two (a reader may then briefly find no folder, never a mixed one).
void replace_folder(const fs::path& partial, const fs::path& target) {
  if (!fs::exists(target)) {
    fs::rename(partial, target);
    return;
  }
  if (renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(partial);  // now holds the previous reports
    return;
  }
  const fs::path previous = target.string() + ".previous";
  fs::remove_all(previous);
  fs::rename(target, previous);
  fs::rename(partial, target);
  fs::remove_all(previous);
}

std::uint64_t frames_read(const std::vector<InputReport>& inputs) {
  std::uint64_t frames = 0;
  for (const InputReport& input : inputs) frames += input.records;
  return frames;
}

std::size_t plaintext_entries(const std::vector<EncryptionEntry>& entries) {
  std::size_t count = 0;
  for (const EncryptionEntry& entry : entries) {
    if (entry.status == EncryptionStatus::plaintext) ++count;
  }
  return count;
}

}  // namespace

BackgroundAnalysis::BackgroundAnalysis(CaptureAnalysisSettings settings)
    : settings_(std::move(settings)), worker_([this] { work(); }) {}

BackgroundAnalysis::~BackgroundAnalysis() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    waiting_.reset();
  }
  changed_.notify_all();
  worker_.join();
}

void BackgroundAnalysis::request(std::vector<fs::path> files, bool final) {
  {
    const std::lock_guard lock(mutex_);
    waiting_ = Request{std::move(files), final};
  }
  changed_.notify_all();
}

bool BackgroundAnalysis::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return !waiting_ && !running_; });
}

int BackgroundAnalysis::last_outcome() const {
  const std::lock_guard lock(mutex_);
  return last_outcome_;
}

void BackgroundAnalysis::work() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return waiting_.has_value() || stopping_; });
    if (!waiting_) return;
    const Request request = std::move(*waiting_);
    waiting_.reset();
    running_ = true;
    const int number = ++analyses_;
    lock.unlock();
    const int outcome = analyze(request, number);
    lock.lock();
    running_ = false;
    last_outcome_ = outcome;
    changed_.notify_all();
  }
}

int BackgroundAnalysis::analyze(const Request& request, int number) const try {
  const auto start = std::chrono::steady_clock::now();
  PipelineOptions pipeline = settings_.pipeline;
  pipeline.inputs.clear();
  for (const fs::path& file : request.files) pipeline.inputs.push_back(file.string());
  pipeline.progress = false;
  PipelineOutput output = run_pipeline(pipeline);
  const ReportModel model = make_report_model(output, settings_.report);
  const fs::path partial = settings_.report_dir.string() + ".partial";
  fs::remove_all(partial);
  write_report_files(model, partial, settings_.report);
  replace_folder(partial, settings_.report_dir);
  if (request.final) print_report_problems(model);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  fmt::print(
      "analysis {}: {} files, {} frames: {} devices, {} flows, {} port roles, {} encryption "
      "entries ({} plaintext), {} scans, {} exposures -> {} ({:.1f} s)\n",
      number, request.files.size(), frames_read(model.inputs), model.devices.size(),
      output.summaries.flows, model.result.port_roles.size(), model.result.encryption.size(),
      plaintext_entries(model.result.encryption), model.result.scans.size(),
      model.result.exposure.size(), (settings_.report_dir / "report.json").string(), took.count());
  std::fflush(stdout);
  return anything_skipped(model.inputs) ? kExitInputSkipped : kExitOk;
} catch (const std::exception& error) {
  fmt::print(stderr, "error: analysis {} of {} capture files failed: {}\n", number,
             request.files.size(), error.what());
  return kExitFailure;
}

}  // namespace iotscope
