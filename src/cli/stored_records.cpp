#include "cli/stored_records.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/clickhouse/clickhouse_url.hpp"
#include "engine/clickhouse/device_rows.hpp"
#include "engine/clickhouse/document_rows.hpp"
#include "engine/clickhouse/observation_rows.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "sources/probe/probe_results_jsonl.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

using nlohmann::json;
namespace ch = clickhouse;

constexpr const char* kProbeRuns = "probe_results";
constexpr const char* kInputReports = "input_report";
constexpr const char* kWarnings = "warning";

// Paths and messages may hold any byte; JSON needs UTF-8, so invalid sequences become U+FFFD.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json input_report_json(const InputReport& report) {
  json issues = json::array();
  for (const InputIssue& issue : report.issues) {
    issues.push_back({{"file", issue.file},
                      {"line", issue.line},
                      {"column", issue.column},
                      {"byte_offset", issue.byte_offset},
                      {"message", issue.message}});
  }
  return {{"path", report.path},       {"format", report.format},   {"records", report.records},
          {"skipped", report.skipped}, {"dropped", report.dropped}, {"issues", std::move(issues)}};
}

InputReport input_report_from(const json& value) {
  InputReport report;
  report.path = value.at("path").get<std::string>();
  report.format = value.at("format").get<std::string>();
  report.records = value.at("records").get<std::uint64_t>();
  report.skipped = value.at("skipped").get<std::uint64_t>();
  report.dropped = value.at("dropped").get<std::uint64_t>();
  for (const json& issue : value.at("issues")) {
    report.issues.push_back(
        {issue.at("file").get<std::string>(), issue.at("line").get<std::uint64_t>(),
         issue.at("column").get<std::uint64_t>(), issue.at("byte_offset").get<std::uint64_t>(),
         issue.at("message").get<std::string>()});
  }
  return report;
}

std::string probe_run_body(const ProbeResults& results, const std::string& home_id) {
  std::ostringstream lines;
  write_probe_results(lines, results);
  return dump({{"home_id", home_id}, {"results", lines.str()}});
}

// A stored document's JSON; a broken one names its source and place.
json parse_document(const ch::StoredDocument& stored, std::string_view kind) {
  try {
    return json::parse(stored.document.body);
  } catch (const json::exception& error) {
    throw ch::ClickHouseError(fmt::format("stored {} {} of source '{}' is no JSON: {}", kind,
                                          stored.seq, stored.source_id, error.what()));
  }
}

void read_probe_runs(const ch::ClickHouseLayout& layout, const FlowSelection& selection,
                     PipelineOutput& out) {
  for (const auto& stored : ch::query_documents(layout, kProbeRuns, selection)) {
    const json document = parse_document(stored, kProbeRuns);
    std::istringstream lines(document.at("results").get<std::string>());
    auto file = read_probe_results(lines, stored.source_id);
    out.probes.push_back(std::move(file.results));
    out.probe_homes.push_back(document.at("home_id").get<std::string>());
  }
}

void read_input_reports(const ch::ClickHouseLayout& layout, PipelineOutput& out) {
  for (const auto& stored : ch::query_documents(layout, kInputReports)) {
    try {
      out.dataset.inputs.push_back(input_report_from(parse_document(stored, kInputReports)));
    } catch (const json::exception& error) {
      throw ch::ClickHouseError(fmt::format("stored input report {} of source '{}': {}", stored.seq,
                                            stored.source_id, error.what()));
    }
  }
}

// Every table a load creates, on the URL's server; a missing one means nothing was loaded there
// (a typo in the database name, or no `iotscope load` yet), which deserves more than "table
// doesn't exist" from the first query.
void require_loaded_tables(const ch::ClickHouseLayout& layout) {
  ch::ClickHouseHttp http(layout.shards.front().login);
  const std::vector<std::string> tables = {ch::kFlowsTable, ch::kDevicesTable,
                                           ch::kObservationsTable, ch::kDocumentsTable};
  const std::string answer = http.query(
      fmt::format("SELECT count() FROM system.tables WHERE database = {} AND name IN ('{}') FORMAT "
                  "TabSeparated",
                  ch::sql_string(layout.url.database), fmt::join(tables, "', '")));
  if (answer != fmt::format("{}\n", tables.size())) {
    throw ch::ClickHouseError(fmt::format(
        "ClickHouse at {} has no iotscope tables in database '{}': store data there first with "
        "`iotscope load INPUTS... --engine URL`",
        layout.shards.front().login.address(), layout.url.database));
  }
}

}  // namespace

ch::ClickHouseLayout connect_clickhouse(const std::string& engine_url) {
  return ch::discover_layout(ch::parse_clickhouse_url(engine_url), ch::password_from_environment());
}

ch::LoadCounts store_records(const ch::ClickHouseLayout& layout, const std::string& source_id,
                             const PipelineOutput& read) {
  ch::LoadCounts counts = ch::load_devices(layout, read.dataset.devices, source_id);
  counts += ch::load_observations(layout, read.observations, source_id);
  std::vector<ch::Document> runs;
  for (std::size_t i = 0; i < read.probes.size(); ++i) {
    runs.push_back(
        {hash_text(read.probe_homes[i]), probe_run_body(read.probes[i], read.probe_homes[i])});
  }
  counts += ch::load_documents(layout, source_id, kProbeRuns, runs);
  std::vector<ch::Document> reports;
  for (const InputReport& report : read.dataset.inputs) {
    reports.push_back({0, dump(input_report_json(report))});
  }
  counts += ch::load_documents(layout, source_id, kInputReports, reports);
  std::vector<ch::Document> warnings;
  for (const std::string& warning : read.warnings) warnings.push_back({0, warning});
  counts += ch::load_documents(layout, source_id, kWarnings, warnings);
  return counts;
}

PipelineOutput read_stored_records(const ch::ClickHouseLayout& layout,
                                   const FlowSelection& selection) {
  require_loaded_tables(layout);
  PipelineOutput out;
  out.dataset.devices = ch::query_devices(layout, selection);
  out.observations = ch::query_observations(layout, selection);
  read_probe_runs(layout, selection, out);
  read_input_reports(layout, out);
  for (auto& stored : ch::query_documents(layout, kWarnings)) {
    out.warnings.push_back(std::move(stored.document.body));
  }
  return out;
}

}  // namespace iotscope
