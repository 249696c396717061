#include "report/terminal_summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/candidate_ranking.hpp"
#include "report/report_aggregates.hpp"
#include "report/spelling.hpp"
#include "report/text_format.hpp"
#include "report/text_table.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kTerminalTopRows = 10;
constexpr std::size_t kTerminalWarnings = 3;

void heading(std::ostream& out, std::string_view title, std::size_t shown, std::size_t total) {
  out << '\n' << title;
  if (total > shown) out << fmt::format(" (top {} of {})", shown, total);
  out << '\n';
}

void line(std::ostream& out, const std::string& text) {
  out << fit_width(single_line(text), TextTable::kLineWidth) << '\n';
}

void print_overview(std::ostream& out, const ReportContext& context) {
  const ReportOverview& overview = context.overview();
  line(out,
       fmt::format("iotscope: {} homes, {} devices, {} flows{}", overview.homes, overview.devices,
                   overview.flows, overview.anonymized ? " (addresses anonymized)" : ""));
  if (overview.first_time && overview.last_time) {
    line(out, fmt::format("  from {} to {}", format_utc_time(*overview.first_time),
                          format_utc_time(*overview.last_time)));
  }
  const AnalysisResult& result = context.result();
  line(out, fmt::format("  findings: {} port roles, {} scans, {} exposures, {} encryption entries",
                        result.port_roles.size(), result.scans.size(), result.exposure.size(),
                        result.encryption.size()));
  const ActiveMeasurement& active = result.measurement.active;
  if (active.present) {
    line(out, fmt::format("  probed: {} of {} devices answering, {} open services, {} "
                          "security-critical ones never used",
                          active.devices_answering, active.devices_probed, active.offered.size(),
                          active.critical_unused.size()));
  }
  const auto& warnings = context.warnings();
  if (warnings.empty()) return;
  line(out, fmt::format("  warnings: {}", warnings.size()));
  for (std::size_t i = 0; i < std::min(warnings.size(), kTerminalWarnings); ++i) {
    line(out, "    " + warnings[i]);
  }
}

void print_port_usage(std::ostream& out, std::string_view title,
                      const std::vector<PortUsageRow>& rows) {
  if (rows.empty()) return;
  const std::size_t shown = std::min(rows.size(), kTerminalTopRows);
  heading(out, title, shown, rows.size());
  TextTable table({{"port", 11}, {"service", 24}, {"devices", 9, true}, {"share", 7, true}});
  for (std::size_t i = 0; i < shown; ++i) {
    table.add_row({format_port(rows[i].port, rows[i].transport), rows[i].service,
                   format_count(rows[i].devices), format_percent(rows[i].fraction)});
  }
  table.render(out);
}

void print_server_ports(std::ostream& out, const ReportContext& context) {
  const auto rows = server_ports(context.result().port_roles);
  if (rows.empty()) return;
  const std::size_t shown = std::min(rows.size(), kTerminalTopRows);
  heading(out, "Server ports (devices listening)", shown, rows.size());
  TextTable table({{"port", 11}, {"devices", 9, true}});
  for (std::size_t i = 0; i < shown; ++i) {
    table.add_row({format_port(rows[i].port, rows[i].transport), format_count(rows[i].devices)});
  }
  table.render(out);
}

void print_scans(std::ostream& out, const ReportContext& context) {
  const auto& scans = context.result().scans;
  if (scans.empty()) return;
  const std::size_t shown = std::min(scans.size(), kTerminalTopRows);
  heading(out, "Scans", shown, scans.size());
  TextTable table({{"scanner", 26},
                   {"device", 14},
                   {"kind", 10},
                   {"method", 8},
                   {"targets", 7, true},
                   {"ports", 5, true},
                   {"seconds", 8, true},
                   {"conf", 4, true}});
  for (std::size_t i = 0; i < shown; ++i) {
    const Scan& scan = scans[i];
    table.add_row({context.label(scan.scanner), context.device_id(scan.scanner),
                   std::string(to_string(scan.kind)), scan.method,
                   format_count(scan.targets.size()), format_count(scan.ports.size()),
                   fmt::format("{:.0f}", scan.end - scan.start), format_score(scan.confidence)});
  }
  table.render(out);
}

void print_exposure(std::ostream& out, const ReportContext& context) {
  const auto& exposures = context.result().exposure;
  if (exposures.empty()) return;
  const std::size_t shown = std::min(exposures.size(), kTerminalTopRows);
  heading(out, "Exposure to the Internet", shown, exposures.size());
  TextTable table(
      {{"device", 26}, {"id", 14}, {"port", 11}, {"kind", 14}, {"service", 14}, {"conf", 4, true}});
  for (std::size_t i = 0; i < shown; ++i) {
    const Exposure& exposure = exposures[i];
    table.add_row({context.label(exposure.device), context.device_id(exposure.device),
                   format_port(exposure.port, exposure.transport), exposure.kind, exposure.service,
                   format_score(exposure.confidence)});
  }
  table.render(out);
}

void print_plaintext(std::ostream& out, const ReportContext& context) {
  const auto rows = plaintext_services(context.result().encryption);
  if (rows.empty()) return;
  const std::size_t shown = std::min(rows.size(), kTerminalTopRows);
  heading(out, "Plaintext services", shown, rows.size());
  TextTable table({{"service", 20},
                   {"port", 11},
                   {"devices", 9, true},
                   {"flows", 10, true},
                   {"bytes", 10, true},
                   {"credentials", 11}});
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& row = rows[i];
    table.add_row({row.service, format_port(row.port, row.transport), format_count(row.devices),
                   format_count(row.flows), format_bytes(row.bytes),
                   row.credentials_in_clear ? "in clear" : ""});
  }
  table.render(out);
}

void print_candidates(std::ostream& out, const ReportContext& context) {
  const auto& candidates = context.result().candidates;
  if (candidates.empty()) return;
  const auto order = rank_candidates(candidates);
  const std::size_t shown = std::min(order.size(), kTerminalTopRows);
  heading(out, "Lab candidates", shown, order.size());
  TextTable table(
      {{"rank", 4, true}, {"device", 24}, {"id", 14}, {"score", 6, true}, {"reasons", 39}});
  for (std::size_t rank = 0; rank < shown; ++rank) {
    const Candidate& candidate = candidates[order[rank]];
    std::vector<std::string> reasons;
    for (const auto& reason : candidate.reasons) reasons.push_back(context.text(reason));
    table.add_row({format_count(rank + 1), context.label(candidate.device),
                   context.device_id(candidate.device), format_score(candidate.score),
                   fmt::format("{}", fmt::join(reasons, "; "))});
  }
  table.render(out);
}

}  // namespace

void write_terminal_summary(const ReportContext& context, std::ostream& out) {
  print_overview(out, context);
  const Measurement& measurement = context.result().measurement;
  print_port_usage(out, "Port usage, local", measurement.port_usage_local);
  print_port_usage(out, "Port usage, external", measurement.port_usage_external);
  print_server_ports(out, context);
  print_scans(out, context);
  print_exposure(out, context);
  print_plaintext(out, context);
  print_candidates(out, context);
}

void write_terminal_summary(const ReportModel& model, std::ostream& out) {
  write_terminal_summary(ReportContext(model), out);
}

}  // namespace iotscope
