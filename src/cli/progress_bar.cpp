#include "cli/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace iotscope {
namespace {
constexpr int kBarWidth = 30;
constexpr std::int64_t kRedrawNs = 200'000'000;

std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  return fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}
}  // namespace

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  finish();
}

bool ProgressBar::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - start_)
                          .count();
  auto due = next_draw_ns_.load(std::memory_order_relaxed);
  if (now_ns < due) return;
  if (!next_draw_ns_.compare_exchange_strong(due, now_ns + kRedrawNs)) return;
  const std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (lock.owns_lock()) draw(done, total);
}

void ProgressBar::draw(std::uint64_t done, std::uint64_t total) {
  const double fraction = total == 0 ? 0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const double eta = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : 0;
  fmt::print(stderr, "\r{} [{:<{}}] {:3.0f}% {} / {}  {}/s  ETA {:.0f}s   ", label_,
             std::string(static_cast<std::size_t>(std::clamp(filled, 0, kBarWidth)), '#'),
             kBarWidth, fraction * 100, human_bytes(static_cast<double>(done)),
             human_bytes(static_cast<double>(total)), human_bytes(rate), eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  const std::lock_guard lock(draw_mutex_);
  if (enabled_ && drawn_) {
    fmt::print(stderr, "\r{:<100}\r", "");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace iotscope
