#include "sources/zeek/zeek_logs_input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace iotscope {
namespace {

namespace fs = std::filesystem;

std::string base_name(const std::string& path) {
  return fs::path(path).filename().string();
}

bool is_ssl_name(const std::string& path) {
  return base_name(path).starts_with("ssl");
}

bool is_zeek_log_name(const std::string& name) {
  return name.starts_with("conn.") || name.starts_with("ssl.");
}

// Rows without both addresses (zeek-cut output without the id columns, a log whose #fields lost
// them) are valid Zeek but make no flow: the file's report says how many were dropped.
void note_rows_without_addresses(InputReport& report, std::uint64_t rows) {
  if (rows == 0) return;
  report.records -= std::min(rows, report.records);  // records count the rows kept, as datasets do
  report.dropped += rows;
  report.issues.push_back(
      InputIssue{report.path, 0, 0, 0,
                 fmt::format("{} rows lack id.orig_h or id.resp_h and make no flows; expected "
                             "Zeek's connection id columns id.orig_h, id.orig_p, id.resp_h, "
                             "id.resp_p",
                             rows)});
}

InputReport unreadable_input(const std::string& path, std::string message) {
  InputReport report;
  report.path = path;
  report.format = "unreadable";
  report.issues.push_back(InputIssue{path, 0, 0, 0, std::move(message)});
  return report;
}

}  // namespace

std::vector<std::string> list_zeek_logs(std::span<const std::string> paths,
                                        std::vector<InputReport>& unreadable) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      files.push_back(path);  // a missing file is reported when it is opened
      continue;
    }
    std::vector<std::string> found;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error) && is_zeek_log_name(it->path().filename().string()))
        found.push_back(it->path().string());
    }
    if (error) {
      unreadable.push_back(unreadable_input(path, fmt::format("cannot list: {}", error.message())));
      continue;
    }
    if (found.empty())
      unreadable.push_back(
          unreadable_input(path, "no Zeek log here: expected files named conn.log* or ssl.log*"));
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  std::stable_partition(files.begin(), files.end(), is_ssl_name);
  return files;
}

ZeekLogsContents read_zeek_logs(std::span<const std::string> paths, const ZeekLogsOptions& options,
                                FlowAggregator& aggregator) {
  ZeekLogsContents contents;
  const auto files = list_zeek_logs(paths, contents.inputs);
  ZeekFlowConverter converter(options.conversion);
  const auto push = [&](const FlowRecord& flow) { aggregator.add(flow); };
  ZeekLogSink sink;
  sink.on_ssl = [&](ZeekSsl&& row) { converter.add_ssl(row); };
  sink.on_conn = [&](ZeekConn&& row) { converter.add_conn(row, push); };
  ZeekReadOptions read_options;
  read_options.max_issues = options.max_issues_per_file;
  for (const auto& file : files) {
    const std::uint64_t without_before = converter.stats().conns_without_addresses;
    contents.inputs.push_back(read_zeek_log_file(file, sink, read_options).report);
    note_rows_without_addresses(contents.inputs.back(),
                                converter.stats().conns_without_addresses - without_before);
  }
  aggregator.home_complete(converter.home());
  contents.devices = converter.devices();
  contents.observations = converter.observations();
  contents.stats = converter.stats();
  return contents;
}

}  // namespace iotscope
