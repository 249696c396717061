#include "report/active_measurement_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/markdown_table.hpp"
#include "report/text_format.hpp"

namespace iotscope {
namespace {

void write_headline(std::ostream& out, const ActiveMeasurement& active) {
  out << fmt::format("{} of {} probed devices ({}) answered at least one probe with an open port.",
                     format_count(active.devices_answering), format_count(active.devices_probed),
                     format_percent(active.answering_fraction));
  if (active.passive_present) {
    out << fmt::format(" On average a device was seen using {} of the services it offers.",
                       format_percent(active.mean_used_fraction));
  } else {
    out << " No flows were among the inputs, so nothing can be called used or unused.";
  }
  out << "\n\n";
}

void write_by_service(std::ostream& out, const ReportContext& context,
                      const ActiveMeasurement& active) {
  MarkdownTable table({"service", "port", "critical", "devices offering", "unused", "% unused"},
                      {false, false, false, true, true, true});
  const auto& rows = active.by_service;
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    const auto& row = rows[i];
    const bool known = active.passive_present;
    table.add_row({context.text(row.service), format_port(row.port, row.transport),
                   row.security_critical ? "yes" : "", format_count(row.devices_offering),
                   known ? format_count(row.devices_unused) : "-",
                   known ? format_percent(row.unused_fraction) : "-"});
  }
  table.render(out, rows.size(), "service_usage.csv");
}

void write_critical_unused(std::ostream& out, const ReportContext& context,
                           const ActiveMeasurement& active) {
  const auto& rows = active.critical_unused;
  out << "### Security-critical services offered and never used\n\n";
  MarkdownTable table({"device", "label", "service", "port", "product"},
                      {false, false, false, false, false});
  for (std::size_t i = 0; i < std::min(rows.size(), kMarkdownTopRows); ++i) {
    const auto& row = rows[i];
    const std::string product =
        row.version.empty() ? row.product : fmt::format("{} {}", row.product, row.version);
    table.add_row({context.device_id(row.device), context.label(row.device),
                   context.text(row.service), format_port(row.port, row.transport),
                   context.text(product)});
  }
  table.render(out, rows.size(), "services_offered.csv");
}

void write_vantage(std::ostream& out, const ReportContext& context,
                   const ActiveMeasurement& active) {
  if (active.vantage.empty()) return;
  out << "### Open from inside vs from the Internet\n\n";
  MarkdownTable table({"device", "service", "port", "inside", "outside"},
                      {false, false, false, false, false});
  for (const auto& row : active.vantage) {
    table.add_row({context.device_id(row.device), context.text(row.service),
                   format_port(row.port, row.transport), row.open_internal ? "open" : "-",
                   row.open_external ? "open" : "-"});
  }
  table.render(out, active.vantage.size(), "report.json");
}

}  // namespace

void write_active_measurement_markdown(std::ostream& out, const ReportContext& context) {
  const ActiveMeasurement& active = context.result().measurement.active;
  if (!active.present) return;
  out << "## Offered vs used (active and passive)\n\n";
  write_headline(out, active);
  write_by_service(out, context, active);
  if (active.passive_present) write_critical_unused(out, context, active);
  write_vantage(out, context, active);
}

}  // namespace iotscope
