#include "report/report_json.hpp"

#include <fmt/format.h>

#include <ostream>
#include <stdexcept>

#include "analyses/evidence.hpp"
#include "report/active_measurement_json.hpp"
#include "report/candidate_ranking.hpp"
#include "report/device_id_cache.hpp"
#include "report/evidence_json.hpp"
#include "report/json_writer.hpp"
#include "report/spelling.hpp"
#include "util/uncached_output_file.hpp"

namespace iotscope {
namespace {

void write_strings(JsonWriter& json, const std::vector<std::string>& texts,
                   const ReportContext& context) {
  json.begin_array();
  for (const auto& text : texts) json.string(context.text(text));
  json.end_array();
}

void write_ports(JsonWriter& json, const std::vector<std::uint16_t>& ports) {
  json.begin_array();
  for (const auto port : ports) json.unsigned_integer(port);
  json.end_array();
}

void write_inputs(JsonWriter& json, const ReportContext& context) {
  json.key("inputs");
  json.begin_array();
  for (const auto& input : context.model().inputs) {
    json.begin_object();
    json.field("path", context.text(input.path));
    json.field("format", input.format);
    json.field("records", input.records);
    json.field("skipped", input.skipped);
    json.field("dropped", input.dropped);
    json.key("issues");
    json.begin_array();
    for (const auto& issue : input.issues) json.string(context.issue(issue, input.path));
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

void write_device(JsonWriter& json, const ReportContext& context, std::size_t index) {
  const DeviceRecord& device = context.model().devices[index];
  json.begin_object();
  json.field("id", context.device_id_at(index));
  json.field("home", context.home_id_at(index));
  json.field("vendor", context.text(device.vendor));
  json.field("type", to_string(device.type));
  json.key("labels");
  json.begin_object();
  json.field("name", context.text(device.labels.name));
  json.field("vendor", context.text(device.labels.vendor));
  json.field("type", context.text(device.labels.type));
  json.end_object();
  json.field("oui_vendor", context.text(device.oui_vendor));
  json.key("names");
  write_strings(json, device.learnt_names, context);
  json.field("label", context.text(device.display_label()));
  json.field("gateway", device.is_gateway);
  json.field("inspected", device.inspected);
  json.field("findings", context.findings_at(index));
  if (!context.anonymized()) {
    if (!device.ip.is_unset()) json.field("ip", device.ip.to_string());
    if (!device.mac.empty()) json.field("mac", device.mac);
    if (!device.oui.empty()) json.field("oui", device.oui);
    json.field("source_id", device.source_id);
  }
  json.end_object();
}

void write_devices(JsonWriter& json, const ReportContext& context) {
  json.key("devices");
  json.begin_array();
  for (std::size_t i = 0; i < context.model().devices.size(); ++i) write_device(json, context, i);
  json.end_array();
}

void write_port_roles(JsonWriter& json, const ReportContext& context) {
  json.key("port_roles");
  json.begin_array();
  DeviceIdCache ids(context);
  for (const auto& role : context.result().port_roles) {
    json.begin_object();
    json.field("device", ids.id(role.device));
    json.field("port", role.port);
    json.field("transport", to_string(role.transport));
    json.field("role", to_string(role.role));
    json.field("side", to_string(role.side));
    json.field("scope", role.scope);
    json.field("confidence", role.confidence);
    json.key("evidence");
    write_evidence(json, port_role_evidence(role), context);
    json.end_object();
  }
  json.end_array();
}

void write_label_counts(JsonWriter& json, std::string_view name,
                        const std::vector<LabelCount>& counts, const ReportContext& context) {
  json.key(name);
  json.begin_array();
  for (const auto& count : counts) {
    json.begin_object();
    json.field("key", context.text(count.key));
    json.field("flows", count.flows);
    json.field("bytes", count.bytes);
    json.end_object();
  }
  json.end_array();
}

void write_sankey(JsonWriter& json, std::string_view name, const std::vector<SankeyLink>& links,
                  const ReportContext& context) {
  json.key(name);
  json.begin_array();
  for (const auto& link : links) {
    json.begin_object();
    json.field("source", context.text(link.source));
    json.field("target", context.text(link.target));
    json.field("flows", link.flows);
    json.field("bytes", link.bytes);
    json.end_object();
  }
  json.end_array();
}

void write_edges(JsonWriter& json, const ReportContext& context) {
  json.key("edges");
  json.begin_array();
  DeviceIdCache ids(context);
  for (const auto& edge : context.result().device_graph.edges) {
    json.begin_object();
    json.field("device", ids.id(edge.device));
    json.field("local_port", edge.local_port);
    json.field("remote_port", edge.remote_port);
    json.field("transport", to_string(edge.transport));
    json.field("peer", ids.edge_peer(edge));
    json.field("flows", edge.flows);
    json.field("bytes", edge.bytes);
    json.end_object();
  }
  json.end_array();
}

void write_per_port(JsonWriter& json, const ReportContext& context) {
  json.key("per_port");
  json.begin_array();
  for (const auto& breakdown : context.result().device_graph.per_port) {
    json.begin_object();
    write_port_breakdown_totals(json, breakdown);
    write_label_counts(json, "remote_ports", breakdown.remote_ports, context);
    write_label_counts(json, "device_labels", breakdown.device_labels, context);
    write_label_counts(json, "peer_labels", breakdown.peer_labels, context);
    json.end_object();
  }
  json.end_array();
}

void write_device_graph(JsonWriter& json, const ReportContext& context) {
  const DeviceGraph& graph = context.result().device_graph;
  json.key("device_graph");
  json.begin_object();
  write_edges(json, context);
  write_sankey(json, "local_sankey", graph.local_sankey, context);
  write_sankey(json, "external_sankey", graph.external_sankey, context);
  write_per_port(json, context);
  json.field("caps", context.text(graph.caps));
  json.end_object();
}

void write_scan_targets(JsonWriter& json, const Scan& scan, const ReportContext& context) {
  json.key("targets");
  json.begin_array();
  for (const auto& target : scan.targets) json.string(context.scan_target(scan, target));
  json.end_array();
}

void write_scans(JsonWriter& json, const ReportContext& context) {
  json.key("scans");
  json.begin_array();
  for (const auto& scan : context.result().scans) {
    json.begin_object();
    json.field("scanner", context.device_id(scan.scanner));
    json.field("kind", to_string(scan.kind));
    if (!scan.method.empty()) json.field("method", scan.method);
    write_scan_targets(json, scan, context);
    json.key("ports");
    write_ports(json, scan.ports);
    json.field("start", scan.start);
    json.field("end", scan.end);
    json.field("confidence", scan.confidence);
    json.key("evidence");
    write_evidence(json, scan.evidence, context);
    json.end_object();
  }
  json.end_array();
}

void write_exposure(JsonWriter& json, const ReportContext& context) {
  json.key("exposure");
  json.begin_array();
  for (const auto& exposure : context.result().exposure) {
    json.begin_object();
    json.field("device", context.device_id(exposure.device));
    json.field("port", exposure.port);
    json.field("transport", to_string(exposure.transport));
    json.field("kind", exposure.kind);
    json.field("service", exposure.service);
    json.field("confidence", exposure.confidence);
    json.key("evidence");
    write_evidence(json, exposure.evidence, context);
    json.end_object();
  }
  json.end_array();
}

void write_encryption(JsonWriter& json, const ReportContext& context) {
  json.key("encryption");
  json.begin_array();
  DeviceIdCache ids(context);
  for (const auto& entry : context.result().encryption) {
    json.begin_object();
    json.field("device", ids.id(entry.device));
    json.field("peer", ids.encryption_peer(entry));
    json.field("port", entry.port);
    json.field("transport", to_string(entry.transport));
    json.field("service", entry.service);
    json.field("status", to_string(entry.status));
    json.field("how_known", to_string(entry.how_known));
    if (!entry.tls_version().empty()) json.field("tls_version", entry.tls_version());
    if (!entry.cipher().empty()) json.field("cipher", entry.cipher());
    if (!entry.cipher_grade().empty()) json.field("cipher_grade", entry.cipher_grade());
    if (entry.self_signed) json.field("self_signed", *entry.self_signed);
    if (entry.credentials_in_clear) {
      json.field("credentials_in_clear", *entry.credentials_in_clear);
    }
    json.field("flows", entry.flows);
    json.field("bytes", entry.bytes);
    json.end_object();
  }
  json.end_array();
}

void write_port_usage(JsonWriter& json, std::string_view name,
                      const std::vector<PortUsageRow>& rows) {
  json.key(name);
  json.begin_array();
  for (const auto& row : rows) {
    json.begin_object();
    json.field("port", row.port);
    json.field("transport", to_string(row.transport));
    json.field("service", row.service);
    json.field("devices", row.devices);
    json.field("fraction", row.fraction);
    json.end_object();
  }
  json.end_array();
}

void write_port_sharing(JsonWriter& json, const Measurement& measurement,
                        const ReportContext& context) {
  json.key("port_sharing");
  json.begin_array();
  for (const auto& row : measurement.port_sharing) {
    json.begin_object();
    json.field("port", row.port);
    json.field("transport", to_string(row.transport));
    json.field("devices", row.devices);
    json.field("vendors", row.vendors);
    json.field("device_types", row.device_types);
    json.field("sharing", row.sharing);
    json.key("top_vendors");
    write_strings(json, row.top_vendors, context);
    json.end_object();
  }
  json.end_array();
}

void write_external_by_type(JsonWriter& json, const Measurement& measurement) {
  json.key("external_by_type");
  json.begin_array();
  for (const auto& row : measurement.external_by_type) {
    json.begin_object();
    json.field("type", to_string(row.type));
    json.field("devices", row.devices);
    json.field("devices_external", row.devices_external);
    json.field("fraction", row.fraction);
    json.key("top_external_ports");
    json.begin_array();
    for (const auto& [port, devices] : row.top_external_ports) {
      json.begin_object();
      json.field("port", port);
      json.field("devices", devices);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

void write_bytes_per_flow(JsonWriter& json, const Measurement& measurement) {
  json.key("bytes_per_flow");
  json.begin_array();
  for (const auto& row : measurement.bytes_per_flow) {
    json.begin_object();
    json.field("scope", row.scope);
    json.field("flows", row.flows);
    json.key("cdf");
    json.begin_array();
    for (const auto& [bytes, fraction] : row.cdf) {
      json.begin_object();
      json.field("bytes", bytes);
      json.field("fraction", fraction);
      json.end_object();
    }
    json.end_array();
    json.field("median", row.median);
    json.field("p90", row.p90);
    json.end_object();
  }
  json.end_array();
}

void write_measurement(JsonWriter& json, const ReportContext& context) {
  const Measurement& measurement = context.result().measurement;
  json.key("measurement");
  json.begin_object();
  write_port_usage(json, "port_usage_local", measurement.port_usage_local);
  write_port_usage(json, "port_usage_external", measurement.port_usage_external);
  write_port_sharing(json, measurement, context);
  json.field("shared_port_fraction", measurement.shared_port_fraction);
  json.field("specific_port_fraction", measurement.specific_port_fraction);
  write_external_by_type(json, measurement);
  write_bytes_per_flow(json, measurement);
  write_active_measurement(json, context);
  json.end_object();
}

void write_candidates(JsonWriter& json, const ReportContext& context) {
  const auto& candidates = context.result().candidates;
  json.key("candidates");
  json.begin_array();
  const auto order = rank_candidates(candidates);
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const Candidate& candidate = candidates[order[rank]];
    json.begin_object();
    json.field("device", context.device_id(candidate.device));
    json.field("rank", std::uint64_t{rank + 1});
    json.field("score", candidate.score);
    json.key("reasons");
    write_strings(json, candidate.reasons, context);
    json.end_object();
  }
  json.end_array();
}

void write_warnings(JsonWriter& json, const ReportContext& context) {
  json.key("warnings");
  json.begin_array();
  for (const auto& warning : context.warnings()) json.string(warning);
  json.end_array();
}

}  // namespace

void write_report_json(const ReportContext& context, std::ostream& out) {
  JsonWriter json(out);
  json.begin_object();
  json.field("version", kReportFormatVersion);
  write_overview_json(json, context);
  write_inputs(json, context);
  write_devices(json, context);
  write_port_roles(json, context);
  write_device_graph(json, context);
  write_scans(json, context);
  write_encryption(json, context);
  write_exposure(json, context);
  write_measurement(json, context);
  write_candidates(json, context);
  write_warnings(json, context);
  json.end_object();
  json.flush();
  out << '\n';
}

void write_report_json(const ReportContext& context, const std::filesystem::path& file) {
  UncachedOutputFile buffer(file);  // report.json is the largest output: GBs at 50,000 homes
  std::ostream out(&buffer);
  write_report_json(context, out);
  out.flush();
  buffer.close();  // throws with the OS reason when a write failed
}

void write_report_json(const ReportModel& model, const std::filesystem::path& file) {
  write_report_json(ReportContext(model), file);
}

void write_overview_json(JsonWriter& json, const ReportContext& context) {
  const ReportOverview& overview = context.overview();
  json.key("overview");
  json.begin_object();
  json.field("homes", overview.homes);
  json.field("devices", overview.devices);
  json.field("flows", overview.flows);
  json.key("first_time");
  overview.first_time ? json.number(*overview.first_time) : json.null();
  json.key("last_time");
  overview.last_time ? json.number(*overview.last_time) : json.null();
  json.field("anonymized", overview.anonymized);
  json.end_object();
}

void write_port_breakdown_totals(JsonWriter& json, const PortBreakdown& breakdown) {
  json.field("port", breakdown.port);
  json.field("transport", to_string(breakdown.transport));
  json.field("scope", breakdown.scope);
  json.field("flows", breakdown.flows);
  json.field("bytes", breakdown.bytes);
}

}  // namespace iotscope
