#pragma once
// report.json: the machine-readable report, streamed entry by entry (docs/report-format.md).
#include <filesystem>
#include <ostream>

#include "report/json_writer.hpp"
#include "report/report_context.hpp"
#include "report/report_model.hpp"

namespace iotscope {

inline constexpr const char* kReportFormatVersion = "1";

void write_report_json(const ReportContext& context, std::ostream& out);
// The "overview" member alone; report.html embeds the same object.
void write_overview_json(JsonWriter& json, const ReportContext& context);
// The port, transport, scope and volume members of one per-port breakdown object.
void write_port_breakdown_totals(JsonWriter& json, const PortBreakdown& breakdown);
// Throws std::runtime_error naming the file when it cannot be written.
void write_report_json(const ReportContext& context, const std::filesystem::path& file);
void write_report_json(const ReportModel& model, const std::filesystem::path& file);

}  // namespace iotscope
