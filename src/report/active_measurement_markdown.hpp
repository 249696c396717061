#pragma once
// report.md's "Offered vs used" section: the thesis' active-vs-passive tables.
#include <ostream>

#include "report/report_context.hpp"

namespace iotscope {

// Writes nothing when no probe results were among the inputs.
void write_active_measurement_markdown(std::ostream& out, const ReportContext& context);

}  // namespace iotscope
