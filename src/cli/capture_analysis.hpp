#pragma once
// `iotscope capture`'s periodic analysis: the `analyze` pipeline over the capture files so far, on
// a thread of its own so the capture never waits for it. Reports replace the previous ones in one
// step, so a reader of the report folder never sees half of one.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "cli/pipeline.hpp"
#include "cli/report_files.hpp"

namespace iotscope {

struct CaptureAnalysisSettings {
  PipelineOptions pipeline;  // everything but the inputs
  ReportFileOptions report;
  std::filesystem::path report_dir;
};

class BackgroundAnalysis {
 public:
  explicit BackgroundAnalysis(CaptureAnalysisSettings settings);
  ~BackgroundAnalysis();  // waits for the analysis under way, drops the waiting one
  BackgroundAnalysis(const BackgroundAnalysis&) = delete;
  BackgroundAnalysis& operator=(const BackgroundAnalysis&) = delete;

  // Analyzes `files` once the analysis under way (if any) ends. Only the latest waiting request
  // is kept: it covers the files of the ones before it. `final` also prints the input problems.
  void request(std::vector<std::filesystem::path> files, bool final);
  // Waits up to `timeout` for every request to be analyzed; true when they all are.
  bool wait_idle(std::chrono::milliseconds timeout);
  // The exit code of the last analysis: kExitOk, kExitInputSkipped or kExitFailure.
  int last_outcome() const;

 private:
  struct Request {
    std::vector<std::filesystem::path> files;
    bool final = false;
  };
  void work();
  int analyze(const Request& request, int number) const;

  const CaptureAnalysisSettings settings_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<Request> waiting_;
  bool running_ = false;
  bool stopping_ = false;
  int analyses_ = 0;
  int last_outcome_ = 0;
  std::thread worker_;  // last: starts once everything it reads is in place
};

}  // namespace iotscope
