#pragma once
// The compact summary printed after a run: aligned tables no wider than 100 columns.
#include <ostream>

#include "report/report_context.hpp"
#include "report/report_model.hpp"

namespace iotscope {

void write_terminal_summary(const ReportContext& context, std::ostream& out);
void write_terminal_summary(const ReportModel& model, std::ostream& out);

}  // namespace iotscope
