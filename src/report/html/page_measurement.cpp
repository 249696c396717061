// The thesis tables of the page: port usage, port sharing, external traffic by device type and
// bytes-per-flow CDFs. They are small already; only port sharing is cut.
#include <fmt/format.h>

#include "report/html/page_sections.hpp"

namespace iotscope {
namespace {

void write_port_usage_rows(JsonWriter& json, std::string_view name,
                           const std::vector<PortUsageRow>& rows) {
  json.key(name);
  json.begin_array();
  for (const auto& row : rows) {
    json.begin_array();
    json.unsigned_integer(row.port);
    json.string(to_string(row.transport));
    json.string(row.service);
    json.unsigned_integer(row.devices);
    json.number(row.fraction);
    json.end_array();
  }
  json.end_array();
}

void write_port_sharing(JsonWriter& json, const ReportContext& context,
                        const std::vector<PortSharingRow>& rows, const PageCaps& caps,
                        CapNotes& notes) {
  json.key("port_sharing");
  json.begin_array();
  for (std::size_t i = 0; i < rows.size() && i < caps.port_sharing; ++i) {
    const PortSharingRow& row = rows[i];
    json.begin_array();
    json.unsigned_integer(row.port);
    json.string(to_string(row.transport));
    json.unsigned_integer(row.devices);
    json.unsigned_integer(row.vendors);
    json.unsigned_integer(row.device_types);
    json.string(row.sharing);
    json.begin_array();
    for (const auto& vendor : row.top_vendors) json.string(context.text(vendor));
    json.end_array();
    json.end_array();
  }
  json.end_array();
  if (rows.size() > caps.port_sharing) {
    notes.push_back(fmt::format("Port sharing: the first {} of {} ports are listed.",
                                caps.port_sharing, rows.size()));
  }
}

void write_external_by_type(JsonWriter& json, const std::vector<TypeExternalRow>& rows) {
  json.key("external_by_type");
  json.begin_array();
  for (const auto& row : rows) {
    json.begin_array();
    json.string(to_string(row.type));
    json.unsigned_integer(row.devices);
    json.unsigned_integer(row.devices_external);
    json.number(row.fraction);
    json.begin_array();
    for (const auto& [port, devices] : row.top_external_ports) {
      json.begin_array();
      json.unsigned_integer(port);
      json.unsigned_integer(devices);
      json.end_array();
    }
    json.end_array();
    json.end_array();
  }
  json.end_array();
}

void write_bytes_per_flow(JsonWriter& json, const std::vector<BytesPerFlow>& rows) {
  json.key("bytes_per_flow");
  json.begin_array();
  for (const auto& row : rows) {
    json.begin_object();
    json.field("scope", row.scope);
    json.field("flows", row.flows);
    json.field("median", row.median);
    json.field("p90", row.p90);
    json.key("cdf");
    json.begin_array();
    for (const auto& [bytes, fraction] : row.cdf) {
      json.begin_array();
      json.unsigned_integer(bytes);
      json.number(fraction);
      json.end_array();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

// Rows of the active-vs-passive tables: [device, label, port, transport, service, product and
// version, critical, used, flows].
void write_offered_rows(JsonWriter& json, std::string_view name,
                        const std::vector<OfferedService>& rows, const ReportContext& context,
                        std::size_t cap, CapNotes& notes) {
  json.key(name);
  json.begin_array();
  for (std::size_t i = 0; i < rows.size() && i < cap; ++i) {
    const OfferedService& row = rows[i];
    json.begin_array();
    json.string(context.device_id(row.device));
    json.string(context.label(row.device));
    json.unsigned_integer(row.port);
    json.string(to_string(row.transport));
    json.string(context.text(row.service));
    json.string(context.text(row.version.empty() ? row.product : row.product + " " + row.version));
    json.boolean(row.security_critical);
    json.boolean(row.used);
    json.unsigned_integer(row.flows);
    json.end_array();
  }
  json.end_array();
  if (rows.size() > cap) {
    notes.push_back(fmt::format("Offered services ({}): the first {} of {} rows are listed.", name,
                                cap, rows.size()));
  }
}

void write_active(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                  CapNotes& notes) {
  const ActiveMeasurement& active = context.result().measurement.active;
  json.key("active");
  json.begin_object();
  json.field("present", active.present);
  json.field("passive_present", active.passive_present);
  json.field("devices_probed", active.devices_probed);
  json.field("devices_answering", active.devices_answering);
  json.field("answering_fraction", active.answering_fraction);
  json.field("mean_used_fraction", active.mean_used_fraction);
  json.key("by_service");
  json.begin_array();
  for (const auto& row : active.by_service) {
    json.begin_array();
    json.string(context.text(row.service));
    json.unsigned_integer(row.port);
    json.string(to_string(row.transport));
    json.boolean(row.security_critical);
    json.unsigned_integer(row.devices_offering);
    json.unsigned_integer(row.devices_unused);
    json.number(row.unused_fraction);
    json.end_array();
  }
  json.end_array();
  write_offered_rows(json, "offered", active.offered, context, caps.offered_rows, notes);
  write_offered_rows(json, "critical_unused", active.critical_unused, context, caps.offered_rows,
                     notes);
  write_offered_rows(json, "used_not_offered", active.used_not_offered, context, caps.offered_rows,
                     notes);
  json.key("vantage");
  json.begin_array();
  for (const auto& row : active.vantage) {
    json.begin_array();
    json.string(context.device_id(row.device));
    json.string(context.label(row.device));
    json.unsigned_integer(row.port);
    json.string(to_string(row.transport));
    json.string(context.text(row.service));
    json.boolean(row.open_internal);
    json.boolean(row.open_external);
    json.end_array();
  }
  json.end_array();
  json.end_object();
}

}  // namespace

void write_page_measurement(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                            CapNotes& notes) {
  const Measurement& measurement = context.result().measurement;
  json.key("measurement");
  json.begin_object();
  write_port_usage_rows(json, "port_usage_local", measurement.port_usage_local);
  write_port_usage_rows(json, "port_usage_external", measurement.port_usage_external);
  write_port_sharing(json, context, measurement.port_sharing, caps, notes);
  json.field("shared_port_fraction", measurement.shared_port_fraction);
  json.field("specific_port_fraction", measurement.specific_port_fraction);
  write_external_by_type(json, measurement.external_by_type);
  write_bytes_per_flow(json, measurement.bytes_per_flow);
  write_active(json, context, caps, notes);
  json.end_object();
}

}  // namespace iotscope
