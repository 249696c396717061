#pragma once
#include <string>

#include "analyses/result.hpp"
#include "report/json_writer.hpp"
#include "report/report_context.hpp"

namespace iotscope {

// Evidence as one JSON object of its named values, in their order; text values are scrubbed.
void write_evidence(JsonWriter& json, const Evidence& evidence, const ReportContext& context);
// The same object as compact JSON text, for one CSV cell.
std::string evidence_json(const Evidence& evidence, const ReportContext& context);

}  // namespace iotscope
