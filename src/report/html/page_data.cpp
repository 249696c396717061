#include "report/html/page_data.hpp"

#include <fmt/format.h>

#include <sstream>

#include "report/html/page_sections.hpp"
#include "report/report_json.hpp"

namespace iotscope {
namespace {

void write_inputs(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                  CapNotes& notes) {
  const auto& inputs = context.model().inputs;
  json.key("inputs");
  json.begin_array();
  for (std::size_t i = 0; i < inputs.size() && i < caps.inputs; ++i) {
    const InputReport& input = inputs[i];
    json.begin_array();
    json.string(context.text(input.path));
    json.string(input.format);
    json.unsigned_integer(input.records);
    json.unsigned_integer(input.skipped);
    json.unsigned_integer(input.dropped);
    json.begin_array();
    for (std::size_t k = 0; k < input.issues.size() && k < caps.issues_per_input; ++k) {
      json.string(context.issue(input.issues[k], input.path));
    }
    json.end_array();
    json.end_array();
  }
  json.end_array();
  if (inputs.size() > caps.inputs) {
    notes.push_back(fmt::format("Inputs: the first {} of {} input files are listed.", caps.inputs,
                                inputs.size()));
  }
}

void write_warnings(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                    CapNotes& notes) {
  const auto& warnings = context.warnings();
  json.key("warnings");
  json.begin_array();
  for (std::size_t i = 0; i < warnings.size() && i < caps.warnings; ++i) json.string(warnings[i]);
  json.end_array();
  if (warnings.size() > caps.warnings) {
    notes.push_back(fmt::format("Warnings: the first {} of {} warnings are listed.", caps.warnings,
                                warnings.size()));
  }
}

std::string typed_labels(const ReportContext& context, const UserLabels& labels) {
  std::string joined;
  for (const std::string* part : {&labels.name, &labels.vendor, &labels.type}) {
    if (part->empty()) continue;
    if (!joined.empty()) joined += " | ";
    joined += context.text(*part);
  }
  return joined;
}

void write_devices(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                   CapNotes& notes) {
  const auto& devices = context.model().devices;
  const auto order = top_positions(devices.size(), caps.devices, [&](std::size_t a, std::size_t b) {
    return context.findings_at(a) > context.findings_at(b);
  });
  json.key("devices");
  json.begin_object();
  json.field("total", std::uint64_t{devices.size()});
  json.key("rows");
  json.begin_array();
  for (const std::size_t i : order) {
    const DeviceRecord& device = devices[i];
    json.begin_array();
    json.string(context.device_id_at(i));
    json.string(context.home_id_at(i));
    json.string(context.text(device.display_label()));
    json.string(context.text(device.vendor));
    json.string(to_string(device.type));
    json.string(typed_labels(context, device.labels));
    json.unsigned_integer(context.findings_at(i));
    json.boolean(device.is_gateway);
    json.end_array();
  }
  json.end_array();
  json.end_object();
  if (devices.size() > caps.devices) {
    notes.push_back(fmt::format(
        "Devices table: the {} devices with most findings of {} (report.json and devices.csv "
        "list all).",
        caps.devices, devices.size()));
  }
}

}  // namespace

std::string page_data_json(const ReportContext& context, const PageCaps& caps) {
  std::ostringstream out;
  CapNotes notes;
  {
    JsonWriter json(out);
    json.begin_object();
    json.field("version", std::uint64_t{1});
    write_overview_json(json, context);
    write_inputs(json, context, caps, notes);
    write_warnings(json, context, caps, notes);
    write_devices(json, context, caps, notes);
    write_page_graph(json, context, caps, notes);
    write_page_findings(json, context, caps, notes);
    write_page_measurement(json, context, caps, notes);
    json.key("caps");
    json.begin_array();
    for (const auto& note : notes) json.string(note);
    json.end_array();
    json.end_object();
    json.flush();
  }
  return std::move(out).str();
}

}  // namespace iotscope
