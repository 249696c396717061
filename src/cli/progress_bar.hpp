#pragma once
// A progress bar on stderr for long inputs; silent when stderr is not a terminal.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace iotscope {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Thread-safe and cheap: redraws at most a few times per second.
  void update(std::uint64_t done, std::uint64_t total);
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(std::uint64_t done, std::uint64_t total);

  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> next_draw_ns_{0};
  std::mutex draw_mutex_;
};

}  // namespace iotscope
