#pragma once
// Collects a file's issues with bounded memory: the first `limit` row issues in input order
// (chunks may report out of order), a count of the rest, and file-level issues (a truncated
// stream) that are always kept.
#include <cstdint>
#include <string>
#include <vector>

#include "sources/input_report.hpp"

namespace iotscope {

class IssueLog {
 public:
  explicit IssueLog(std::size_t limit) : limit_(limit) {}

  void add_row_issue(InputIssue issue);
  void add_file_issue(InputIssue issue) { file_issues_.push_back(std::move(issue)); }
  void merge(IssueLog&& other);
  std::uint64_t row_issue_count() const { return total_; }
  // The kept row issues in input order, "N more issues not shown", then the file-level issues.
  std::vector<InputIssue> finish(const std::string& file);

 private:
  void prune();

  std::size_t limit_;
  std::uint64_t total_ = 0;
  std::vector<InputIssue> kept_;
  std::vector<InputIssue> file_issues_;
};

}  // namespace iotscope
