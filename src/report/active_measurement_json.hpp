#pragma once
// report.json's measurement.active: what probes found offered, against what passive data saw
// used (docs/report-format.md).
#include "report/json_writer.hpp"
#include "report/report_context.hpp"

namespace iotscope {

void write_active_measurement(JsonWriter& json, const ReportContext& context);

}  // namespace iotscope
