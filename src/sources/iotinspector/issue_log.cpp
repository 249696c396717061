#include "sources/iotinspector/issue_log.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace iotscope {
namespace {

bool earlier(const InputIssue& a, const InputIssue& b) {
  return a.line != b.line ? a.line < b.line : a.byte_offset < b.byte_offset;
}

}  // namespace

void IssueLog::add_row_issue(InputIssue issue) {
  ++total_;
  kept_.push_back(std::move(issue));
  if (kept_.size() > 2 * limit_ + 16) prune();
}

void IssueLog::merge(IssueLog&& other) {
  total_ += other.total_;
  for (auto& issue : other.kept_) kept_.push_back(std::move(issue));
  for (auto& issue : other.file_issues_) file_issues_.push_back(std::move(issue));
  if (kept_.size() > 2 * limit_ + 16) prune();
}

void IssueLog::prune() {
  // Whatever is dropped here has at least `limit_` earlier issues, so it could never be shown.
  std::sort(kept_.begin(), kept_.end(), earlier);
  if (kept_.size() > limit_) kept_.resize(limit_);
}

std::vector<InputIssue> IssueLog::finish(const std::string& file) {
  prune();
  std::vector<InputIssue> out = std::move(kept_);
  if (total_ > out.size()) {
    InputIssue more;
    more.file = file;
    more.message = fmt::format("{} more issues not shown", total_ - out.size());
    out.push_back(std::move(more));
  }
  for (auto& issue : file_issues_) out.push_back(std::move(issue));
  kept_.clear();
  file_issues_.clear();
  return out;
}

}  // namespace iotscope
