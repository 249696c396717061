#include "report/markdown_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "report/active_measurement_markdown.hpp"
#include "report/candidate_ranking.hpp"
#include "report/markdown_table.hpp"
#include "report/report_aggregates.hpp"
#include "report/spelling.hpp"
#include "report/text_format.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kTopDevices = 30;
constexpr std::size_t kShownWarnings = 50;
constexpr std::size_t kShownIssues = 5;
constexpr std::size_t kShownTargets = 5;
constexpr std::size_t kShownPorts = 12;

std::string ports_text(const std::vector<std::uint16_t>& ports) {
  const std::size_t shown = std::min(ports.size(), kShownPorts);
  std::string text = fmt::format(
      "{}", fmt::join(ports.begin(), ports.begin() + static_cast<std::ptrdiff_t>(shown), ", "));
  if (ports.size() > shown) text += fmt::format(" (+{})", ports.size() - shown);
  return text;
}

void write_overview(std::ostream& out, const ReportContext& context) {
  const ReportOverview& overview = context.overview();
  out << "## Overview\n\n";
  MarkdownTable table({"what", "value"}, {false, true});
  table.add_row({"homes", format_count(overview.homes)});
  table.add_row({"devices", format_count(overview.devices)});
  table.add_row({"flows", format_count(overview.flows)});
  table.add_row({"first flow", overview.first_time ? format_utc_time(*overview.first_time) : "-"});
  table.add_row({"last flow", overview.last_time ? format_utc_time(*overview.last_time) : "-"});
  const AnalysisResult& result = context.result();
  table.add_row({"port roles", format_count(result.port_roles.size())});
  table.add_row({"scans", format_count(result.scans.size())});
  table.add_row({"exposures", format_count(result.exposure.size())});
  table.add_row({"encryption entries", format_count(result.encryption.size())});
  table.add_row({"lab candidates", format_count(result.candidates.size())});
  table.add_row({"addresses anonymized", overview.anonymized ? "yes" : "no"});
  table.render(out, table.rows(), "report.json");
}

void write_inputs(std::ostream& out, const ReportContext& context) {
  const auto& inputs = context.model().inputs;
  out << "## Inputs\n\n";
  MarkdownTable table({"file", "format", "records", "skipped", "dropped"},
                      {false, false, true, true, true});
  for (const auto& input : inputs) {
    table.add_row({context.text(input.path), input.format, format_count(input.records),
                   format_count(input.skipped), format_count(input.dropped)});
  }
  table.render(out, inputs.size(), "inputs.csv");
  for (const auto& input : inputs) {
    if (input.issues.empty()) continue;
    out << "Issues in `" << markdown_cell(context.text(input.path)) << "`:\n\n";
    const std::size_t shown = std::min(input.issues.size(), kShownIssues);
    for (std::size_t i = 0; i < shown; ++i) {
      out << "- " << markdown_cell(context.issue(input.issues[i], input.path)) << '\n';
    }
    if (input.issues.size() > shown) {
      out << "- _" << input.issues.size() - shown << " more in `inputs.csv`_\n";
    }
    out << '\n';
  }
}

void write_warnings(std::ostream& out, const ReportContext& context) {
  const auto& warnings = context.warnings();
  out << "## Warnings\n\n";
  if (warnings.empty()) out << "_None._\n";
  const std::size_t shown = std::min(warnings.size(), kShownWarnings);
  for (std::size_t i = 0; i < shown; ++i) out << "- " << markdown_cell(warnings[i]) << '\n';
  if (warnings.size() > shown) {
    out << "- _" << warnings.size() - shown << " more in `report.json`_\n";
  }
  out << '\n';
}

// Devices with findings first, so the table shows the interesting ones.
void write_devices(std::ostream& out, const ReportContext& context) {
  const auto& devices = context.model().devices;
  std::vector<std::size_t> order(devices.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return context.findings_at(a) > context.findings_at(b);
  });
  out << "## Devices\n\n";
  MarkdownTable table({"id", "home", "label", "vendor", "type", "findings"},
                      {false, false, false, false, false, true});
  for (std::size_t i = 0; i < std::min(order.size(), kTopDevices); ++i) {
    const DeviceRecord& device = devices[order[i]];
    table.add_row({context.device_id_at(order[i]), context.home_id_at(order[i]),
                   context.text(device.display_label()), context.text(device.vendor),
                   std::string(to_string(device.type)),
                   format_count(context.findings_at(order[i]))});
  }
  table.render(out, devices.size(), "devices.csv");
}

void write_port_usage(std::ostream& out, std::string_view title,
                      const std::vector<PortUsageRow>& rows, std::string_view csv) {
  out << "## " << title << "\n\n";
  MarkdownTable table({"port", "service", "devices", "share of devices"},
                      {false, false, true, true});
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    const auto& row = rows[i];
    table.add_row({format_port(row.port, row.transport), row.service, format_count(row.devices),
                   format_percent(row.fraction)});
  }
  table.render(out, rows.size(), csv);
}

void write_server_ports(std::ostream& out, const ReportContext& context) {
  const auto rows = server_ports(context.result().port_roles);
  out << "## Server ports\n\nDevice ports that other hosts connect to, by number of devices.\n\n";
  MarkdownTable table({"port", "devices"}, {false, true});
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    table.add_row({format_port(rows[i].port, rows[i].transport), format_count(rows[i].devices)});
  }
  table.render(out, rows.size(), "port_roles.csv");
}

std::string targets_text(const Scan& scan, const ReportContext& context) {
  std::vector<std::string> names;
  const std::size_t shown = std::min(scan.targets.size(), kShownTargets);
  for (std::size_t i = 0; i < shown; ++i)
    names.push_back(context.scan_target(scan, scan.targets[i]));
  std::string text = fmt::format("{}", fmt::join(names, ", "));
  if (scan.targets.size() > shown) text += fmt::format(" (+{})", scan.targets.size() - shown);
  return text;
}

void write_scans(std::ostream& out, const ReportContext& context) {
  const auto& scans = context.result().scans;
  out << "## Scans\n\n";
  MarkdownTable table(
      {"scanner", "label", "kind", "method", "targets", "ports", "start", "seconds", "confidence"},
      {false, false, false, false, false, false, false, true, true});
  for (std::size_t i = 0; i < std::min(scans.size(), kMarkdownTopRows); ++i) {
    const Scan& scan = scans[i];
    table.add_row({context.device_id(scan.scanner), context.label(scan.scanner),
                   std::string(to_string(scan.kind)), scan.method, targets_text(scan, context),
                   ports_text(scan.ports), format_utc_time(scan.start),
                   fmt::format("{:.0f}", scan.end - scan.start), format_score(scan.confidence)});
  }
  table.render(out, scans.size(), "scans.csv");
}

void write_exposure(std::ostream& out, const ReportContext& context) {
  const auto& exposures = context.result().exposure;
  out << "## Exposure to the Internet\n\n";
  MarkdownTable table({"device", "label", "port", "kind", "service", "confidence"},
                      {false, false, false, false, false, true});
  for (std::size_t i = 0; i < std::min(exposures.size(), kMarkdownTopRows); ++i) {
    const Exposure& exposure = exposures[i];
    table.add_row({context.device_id(exposure.device), context.label(exposure.device),
                   format_port(exposure.port, exposure.transport), exposure.kind, exposure.service,
                   format_score(exposure.confidence)});
  }
  table.render(out, exposures.size(), "exposure.csv");
}

void write_plaintext(std::ostream& out, const ReportContext& context) {
  const auto rows = plaintext_services(context.result().encryption);
  out << "## Plaintext services\n\n";
  MarkdownTable table({"service", "port", "devices", "flows", "bytes", "credentials in clear"},
                      {false, false, true, true, true, false});
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    const auto& row = rows[i];
    table.add_row({row.service, format_port(row.port, row.transport), format_count(row.devices),
                   format_count(row.flows), format_bytes(row.bytes),
                   row.credentials_in_clear ? "yes" : "no"});
  }
  table.render(out, rows.size(), "encryption.csv");
}

void write_port_sharing(std::ostream& out, const ReportContext& context) {
  const Measurement& measurement = context.result().measurement;
  const auto& rows = measurement.port_sharing;
  out << "## Ports shared across manufacturers\n\n"
      << fmt::format("Shared ports: {}; vendor-specific ports: {}.\n\n",
                     format_percent(measurement.shared_port_fraction),
                     format_percent(measurement.specific_port_fraction));
  MarkdownTable table({"port", "devices", "vendors", "types", "sharing", "top vendors"},
                      {false, true, true, true, false, false});
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    const auto& row = rows[i];
    std::vector<std::string> vendors;
    for (const auto& vendor : row.top_vendors) vendors.push_back(context.text(vendor));
    table.add_row({format_port(row.port, row.transport), format_count(row.devices),
                   format_count(row.vendors), format_count(row.device_types), row.sharing,
                   fmt::format("{}", fmt::join(vendors, ", "))});
  }
  table.render(out, rows.size(), "port_sharing.csv");
}

void write_external_by_type(std::ostream& out, const ReportContext& context) {
  const auto& rows = context.result().measurement.external_by_type;
  out << "## External communication by device type\n\n";
  MarkdownTable table({"type", "devices", "talk to the Internet", "share", "top ports"},
                      {false, true, true, true, false});
  for (const auto& row : rows) {
    std::vector<std::string> ports;
    for (const auto& [port, devices] : row.top_external_ports) {
      ports.push_back(fmt::format("{} ({})", port, devices));
    }
    table.add_row({std::string(to_string(row.type)), format_count(row.devices),
                   format_count(row.devices_external), format_percent(row.fraction),
                   fmt::format("{}", fmt::join(ports, ", "))});
  }
  table.render(out, rows.size(), "external_by_type.csv");
}

void write_bytes_per_flow(std::ostream& out, const ReportContext& context) {
  const auto& rows = context.result().measurement.bytes_per_flow;
  out << "## Bytes per flow\n\n";
  MarkdownTable table({"scope", "flows", "median", "90th percentile"}, {false, true, true, true});
  for (const auto& row : rows) {
    table.add_row({row.scope, format_count(row.flows),
                   format_bytes(static_cast<std::uint64_t>(std::max(0.0, row.median))),
                   format_bytes(static_cast<std::uint64_t>(std::max(0.0, row.p90)))});
  }
  table.render(out, rows.size(), "bytes_per_flow.csv");
}

void write_candidates(std::ostream& out, const ReportContext& context) {
  const auto& candidates = context.result().candidates;
  const auto order = rank_candidates(candidates);
  out << "## Lab candidates\n\nDevices worth buying and studying in a lab, best first.\n\n";
  MarkdownTable table({"rank", "device", "label", "score", "reasons"},
                      {true, false, false, true, false});
  for (std::size_t rank = 0; rank < std::min(order.size(), kMarkdownTopRows); ++rank) {
    const Candidate& candidate = candidates[order[rank]];
    std::vector<std::string> reasons;
    for (const auto& reason : candidate.reasons) reasons.push_back(context.text(reason));
    table.add_row({format_count(rank + 1), context.device_id(candidate.device),
                   context.label(candidate.device), format_score(candidate.score),
                   fmt::format("{}", fmt::join(reasons, "; "))});
  }
  table.render(out, candidates.size(), "candidates.csv");
}

}  // namespace

void write_markdown_report(const ReportContext& context, std::ostream& out) {
  out << "# iotscope report\n\n";
  write_overview(out, context);
  write_inputs(out, context);
  write_warnings(out, context);
  write_devices(out, context);
  write_port_usage(out, "Port usage: local", context.result().measurement.port_usage_local,
                   "port_usage_local.csv");
  write_port_usage(out, "Port usage: external", context.result().measurement.port_usage_external,
                   "port_usage_external.csv");
  write_server_ports(out, context);
  write_scans(out, context);
  write_exposure(out, context);
  write_plaintext(out, context);
  write_port_sharing(out, context);
  write_external_by_type(out, context);
  write_bytes_per_flow(out, context);
  write_active_measurement_markdown(out, context);
  write_candidates(out, context);
  if (!context.result().device_graph.caps.empty()) {
    out << "## Device graph\n\n"
        << markdown_cell(context.text(context.result().device_graph.caps)) << "\n";
  }
}

void write_markdown_report(const ReportContext& context, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot open for writing", file.string()));
  write_markdown_report(context, out);
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("{}: write failed", file.string()));
}

void write_markdown_report(const ReportModel& model, const std::filesystem::path& file) {
  write_markdown_report(ReportContext(model), file);
}

}  // namespace iotscope
