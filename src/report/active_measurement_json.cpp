#include "report/active_measurement_json.hpp"

namespace iotscope {
namespace {

// Product and version strings are what devices sent: scrubbed like every free text.
void write_offered(JsonWriter& json, std::string_view name, const std::vector<OfferedService>& rows,
                   const ReportContext& context) {
  json.object_array(name, rows, [&](const auto& row) {
    json.field("device", context.device_id(row.device));
    json.field("port", row.port);
    json.field("transport", to_string(row.transport));
    json.field("service", context.text(row.service));
    if (!row.product.empty()) json.field("product", context.text(row.product));
    if (!row.version.empty()) json.field("version", context.text(row.version));
    if (!row.cpe.empty()) json.field("cpe", context.text(row.cpe));
    if (!row.device_type.empty()) json.field("device_type", context.text(row.device_type));
    json.field("security_critical", row.security_critical);
    json.field("used", row.used);
    json.field("flows", row.flows);
    if (row.used) json.field("first_used", row.first_used_ts);
  });
}

// Without flows nothing is known to be unused: those counts are left out rather than zero.
void write_by_service(JsonWriter& json, const std::vector<ServiceUsageRow>& rows, bool passive,
                      const ReportContext& context) {
  json.object_array("by_service", rows, [&](const auto& row) {
    json.field("service", context.text(row.service));
    json.field("port", row.port);
    json.field("transport", to_string(row.transport));
    json.field("security_critical", row.security_critical);
    json.field("devices_offering", row.devices_offering);
    if (passive) {
      json.field("devices_unused", row.devices_unused);
      json.field("unused_fraction", row.unused_fraction);
    }
  });
}

void write_devices(JsonWriter& json, const std::vector<DeviceServiceCoverage>& rows,
                   const ReportContext& context) {
  json.object_array("devices", rows, [&](const auto& row) {
    json.field("device", context.device_id(row.device));
    json.field("answered", row.answered);
    json.field("offered", row.offered);
    json.field("offered_used", row.offered_used);
    json.field("used_not_offered", row.used_not_offered);
    json.field("used_fraction", row.used_fraction);
    if (row.all_used_seen_at >= 0) json.field("all_used_seen_at", row.all_used_seen_at);
  });
}

void write_vantage(JsonWriter& json, const std::vector<VantageRow>& rows,
                   const ReportContext& context) {
  json.object_array("internal_vs_external", rows, [&](const auto& row) {
    json.field("device", context.device_id(row.device));
    json.field("port", row.port);
    json.field("transport", to_string(row.transport));
    json.field("service", context.text(row.service));
    json.field("open_internal", row.open_internal);
    json.field("open_external", row.open_external);
  });
}

void write_gateway(JsonWriter& json, const GatewayFacts& gateway, const ReportContext& context) {
  json.key("gateway");
  json.begin_object();
  json.field("found", gateway.found);
  if (gateway.found) {
    json.field("device", context.device_id(gateway.device));
    json.field("upnp_igd", gateway.upnp_igd);
    json.field("upnp_mappings", gateway.upnp_mappings);
    json.field("natpmp_answered", gateway.natpmp_answered);
    json.field("pcp_answered", gateway.pcp_answered);
  }
  json.end_object();
}

}  // namespace

void write_active_measurement(JsonWriter& json, const ReportContext& context) {
  const ActiveMeasurement& active = context.result().measurement.active;
  json.key("active");
  json.begin_object();
  json.field("present", active.present);
  json.field("passive_present", active.passive_present);
  json.field("devices_probed", active.devices_probed);
  json.field("devices_answering", active.devices_answering);
  json.field("answering_fraction", active.answering_fraction);
  if (active.passive_present) json.field("mean_used_fraction", active.mean_used_fraction);
  write_by_service(json, active.by_service, active.passive_present, context);
  write_offered(json, "critical_unused", active.critical_unused, context);
  write_offered(json, "used_not_offered", active.used_not_offered, context);
  write_devices(json, active.devices, context);
  write_offered(json, "offered", active.offered, context);
  write_vantage(json, active.vantage, context);
  write_gateway(json, active.gateway, context);
  json.end_object();
}

}  // namespace iotscope
