#include "report/csv_tables.hpp"

#include <fmt/format.h>

#include "analyses/evidence.hpp"
#include "report/candidate_ranking.hpp"
#include "report/csv_writer.hpp"
#include "report/device_id_cache.hpp"
#include "report/evidence_json.hpp"
#include "report/json_writer.hpp"
#include "report/spelling.hpp"

namespace iotscope {
namespace {

using Path = std::filesystem::path;

// Lists of text go into one cell as a JSON array: unambiguous whatever the text holds.
std::string json_array(const std::vector<std::string>& texts, const ReportContext& context) {
  std::string out = "[";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_string(out, context.text(texts[i]));
  }
  out.push_back(']');
  return out;
}

// Lists of numbers go into one cell joined by ';'.
std::string joined_ports(const std::vector<std::uint16_t>& ports) {
  return fmt::format("{}", fmt::join(ports, ";"));
}

Path write_devices(const ReportContext& context, const Path& dir) {
  Path file = dir / "devices.csv";
  CsvWriter csv(
      file, {"id", "home", "label", "vendor", "type", "label_name", "label_vendor", "label_type",
             "oui_vendor", "names", "gateway", "inspected", "findings", "ip", "mac", "source_id"});
  const auto& devices = context.model().devices;
  const bool raw = !context.anonymized();
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const DeviceRecord& device = devices[i];
    csv.text(context.device_id_at(i)).text(context.home_id_at(i));
    csv.text(context.text(device.display_label())).text(context.text(device.vendor));
    csv.text(to_string(device.type)).text(context.text(device.labels.name));
    csv.text(context.text(device.labels.vendor)).text(context.text(device.labels.type));
    csv.text(context.text(device.oui_vendor)).text(json_array(device.learnt_names, context));
    csv.flag(device.is_gateway).flag(device.inspected).count(context.findings_at(i));
    csv.text(raw ? device.ip.to_string() : std::string());
    csv.text(raw ? device.mac : std::string()).text(raw ? device.source_id : std::string());
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_port_roles(const ReportContext& context, const Path& dir) {
  Path file = dir / "port_roles.csv";
  CsvWriter csv(file,
                {"device", "port", "transport", "role", "side", "scope", "confidence", "evidence"});
  DeviceIdCache ids(context);
  for (const auto& role : context.result().port_roles) {
    csv.text(ids.id(role.device)).count(role.port).text(to_string(role.transport));
    csv.text(to_string(role.role)).text(to_string(role.side)).text(role.scope);
    csv.number(role.confidence).text(evidence_json(port_role_evidence(role), context));
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_edges(const ReportContext& context, const Path& dir) {
  Path file = dir / "device_graph_edges.csv";
  CsvWriter csv(file,
                {"device", "local_port", "remote_port", "transport", "peer", "flows", "bytes"});
  DeviceIdCache ids(context);
  for (const auto& edge : context.result().device_graph.edges) {
    csv.text(ids.id(edge.device)).count(edge.local_port).count(edge.remote_port);
    csv.text(to_string(edge.transport)).text(ids.edge_peer(edge));
    csv.count(edge.flows).count(edge.bytes);
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_sankey(const ReportContext& context, const Path& file,
                  const std::vector<SankeyLink>& links) {
  CsvWriter csv(file, {"source", "target", "flows", "bytes"});
  for (const auto& link : links) {
    csv.text(context.text(link.source)).text(context.text(link.target));
    csv.count(link.flows).count(link.bytes);
    csv.end_row();
  }
  csv.close();
  return file;
}

void write_breakdown_rows(CsvWriter& csv, const PortBreakdown& port, std::string_view breakdown,
                          const std::vector<LabelCount>& counts, const ReportContext& context) {
  for (const auto& count : counts) {
    csv.count(port.port).text(to_string(port.transport)).text(port.scope);
    csv.count(port.flows).count(port.bytes);
    csv.text(breakdown).text(context.text(count.key)).count(count.flows).count(count.bytes);
    csv.end_row();
  }
}

// Long format: a "total" row per port, then one row per key of each breakdown.
Path write_per_port(const ReportContext& context, const Path& dir) {
  Path file = dir / "per_port.csv";
  CsvWriter csv(file, {"port", "transport", "scope", "port_flows", "port_bytes", "breakdown", "key",
                       "flows", "bytes"});
  for (const auto& port : context.result().device_graph.per_port) {
    csv.count(port.port).text(to_string(port.transport)).text(port.scope);
    csv.count(port.flows).count(port.bytes);
    csv.text("total").text("").count(port.flows).count(port.bytes);
    csv.end_row();
    write_breakdown_rows(csv, port, "remote_port", port.remote_ports, context);
    write_breakdown_rows(csv, port, "device_label", port.device_labels, context);
    write_breakdown_rows(csv, port, "peer_label", port.peer_labels, context);
  }
  csv.close();
  return file;
}

Path write_scans(const ReportContext& context, const Path& dir) {
  Path file = dir / "scans.csv";
  CsvWriter csv(file, {"scanner", "kind", "method", "targets", "target_count", "ports", "start",
                       "end", "confidence", "evidence"});
  for (const auto& scan : context.result().scans) {
    std::vector<std::string> targets;
    targets.reserve(scan.targets.size());
    for (const auto& target : scan.targets) targets.push_back(context.scan_target(scan, target));
    csv.text(context.device_id(scan.scanner)).text(to_string(scan.kind));
    csv.text(scan.method).text(json_array(targets, context)).count(scan.targets.size());
    csv.text(joined_ports(scan.ports)).number(scan.start).number(scan.end);
    csv.number(scan.confidence).text(evidence_json(scan.evidence, context));
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_exposure(const ReportContext& context, const Path& dir) {
  Path file = dir / "exposure.csv";
  CsvWriter csv(file, {"device", "port", "transport", "kind", "service", "confidence", "evidence"});
  for (const auto& exposure : context.result().exposure) {
    csv.text(context.device_id(exposure.device)).count(exposure.port);
    csv.text(to_string(exposure.transport)).text(exposure.kind).text(exposure.service);
    csv.number(exposure.confidence).text(evidence_json(exposure.evidence, context));
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_encryption(const ReportContext& context, const Path& dir) {
  Path file = dir / "encryption.csv";
  CsvWriter csv(
      file, {"device", "peer", "port", "transport", "service", "status", "how_known", "tls_version",
             "cipher", "cipher_grade", "self_signed", "credentials_in_clear", "flows", "bytes"});
  DeviceIdCache ids(context);
  for (const auto& entry : context.result().encryption) {
    csv.text(ids.id(entry.device)).text(ids.encryption_peer(entry));
    csv.count(entry.port).text(to_string(entry.transport)).text(entry.service);
    csv.text(to_string(entry.status)).text(to_string(entry.how_known));
    csv.text(entry.tls_version()).text(entry.cipher()).text(entry.cipher_grade());
    csv.flag(entry.self_signed).flag(entry.credentials_in_clear);
    csv.count(entry.flows).count(entry.bytes);
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_port_usage(const Path& file, const std::vector<PortUsageRow>& rows) {
  CsvWriter csv(file, {"port", "transport", "service", "devices", "fraction"});
  for (const auto& row : rows) {
    csv.count(row.port).text(to_string(row.transport)).text(row.service);
    csv.count(row.devices).number(row.fraction);
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_port_sharing(const ReportContext& context, const Path& dir) {
  Path file = dir / "port_sharing.csv";
  CsvWriter csv(
      file, {"port", "transport", "devices", "vendors", "device_types", "sharing", "top_vendors"});
  for (const auto& row : context.result().measurement.port_sharing) {
    csv.count(row.port).text(to_string(row.transport)).count(row.devices).count(row.vendors);
    csv.count(row.device_types).text(row.sharing).text(json_array(row.top_vendors, context));
    csv.end_row();
  }
  csv.close();
  return file;
}

std::string port_counts(const std::vector<std::pair<std::uint16_t, std::uint64_t>>& ports) {
  std::string text;
  for (const auto& [port, devices] : ports) {
    if (!text.empty()) text.push_back(';');
    text += fmt::format("{}:{}", port, devices);
  }
  return text;
}

Path write_external_by_type(const ReportContext& context, const Path& dir) {
  Path file = dir / "external_by_type.csv";
  CsvWriter csv(file, {"type", "devices", "devices_external", "fraction", "top_external_ports"});
  for (const auto& row : context.result().measurement.external_by_type) {
    csv.text(to_string(row.type)).count(row.devices).count(row.devices_external);
    csv.number(row.fraction).text(port_counts(row.top_external_ports));
    csv.end_row();
  }
  csv.close();
  return file;
}

// Long format: one row per point of each scope's CDF.
Path write_bytes_per_flow(const ReportContext& context, const Path& dir) {
  Path file = dir / "bytes_per_flow.csv";
  CsvWriter csv(file, {"scope", "flows", "median", "p90", "bytes_upper", "cumulative_fraction"});
  for (const auto& row : context.result().measurement.bytes_per_flow) {
    for (const auto& [bytes, fraction] : row.cdf) {
      csv.text(row.scope).count(row.flows).number(row.median).number(row.p90);
      csv.count(bytes).number(fraction);
      csv.end_row();
    }
  }
  csv.close();
  return file;
}

Path write_services_offered(const ReportContext& context, const Path& dir) {
  Path file = dir / "services_offered.csv";
  CsvWriter csv(file, {"device", "port", "transport", "service", "product", "version", "cpe",
                       "device_type", "security_critical", "used", "flows", "first_used"});
  for (const auto& row : context.result().measurement.active.offered) {
    csv.text(context.device_id(row.device)).count(row.port).text(to_string(row.transport));
    csv.text(context.text(row.service)).text(context.text(row.product));
    csv.text(context.text(row.version)).text(context.text(row.cpe));
    csv.text(context.text(row.device_type)).flag(row.security_critical).flag(row.used);
    csv.count(row.flows);
    if (row.used) {
      csv.number(row.first_used_ts);
    } else {
      csv.text("");
    }
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_service_usage(const ReportContext& context, const Path& dir) {
  Path file = dir / "service_usage.csv";
  CsvWriter csv(file, {"service", "port", "transport", "security_critical", "devices_offering",
                       "devices_unused", "unused_fraction"});
  for (const auto& row : context.result().measurement.active.by_service) {
    csv.text(context.text(row.service)).count(row.port).text(to_string(row.transport));
    csv.flag(row.security_critical).count(row.devices_offering).count(row.devices_unused);
    csv.number(row.unused_fraction);
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_candidates(const ReportContext& context, const Path& dir) {
  Path file = dir / "candidates.csv";
  CsvWriter csv(file, {"rank", "device", "label", "score", "reasons"});
  const auto& candidates = context.result().candidates;
  const auto order = rank_candidates(candidates);
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const Candidate& candidate = candidates[order[rank]];
    csv.count(rank + 1).text(context.device_id(candidate.device));
    csv.text(context.label(candidate.device)).number(candidate.score);
    csv.text(json_array(candidate.reasons, context));
    csv.end_row();
  }
  csv.close();
  return file;
}

Path write_inputs(const ReportContext& context, const Path& dir) {
  Path file = dir / "inputs.csv";
  CsvWriter csv(file, {"path", "format", "records", "skipped", "dropped", "issues"});
  for (const auto& input : context.model().inputs) {
    std::vector<std::string> issues;
    issues.reserve(input.issues.size());
    for (const auto& issue : input.issues) issues.push_back(context.issue(issue, input.path));
    csv.text(context.text(input.path)).text(input.format).count(input.records);
    csv.count(input.skipped).count(input.dropped).text(json_array(issues, context));
    csv.end_row();
  }
  csv.close();
  return file;
}

}  // namespace

std::vector<Path> write_csv_tables(const ReportContext& context, const Path& out_dir) {
  const Measurement& measurement = context.result().measurement;
  const DeviceGraph& graph = context.result().device_graph;
  return {
      write_devices(context, out_dir),
      write_port_roles(context, out_dir),
      write_edges(context, out_dir),
      write_sankey(context, out_dir / "sankey_local.csv", graph.local_sankey),
      write_sankey(context, out_dir / "sankey_external.csv", graph.external_sankey),
      write_per_port(context, out_dir),
      write_scans(context, out_dir),
      write_exposure(context, out_dir),
      write_encryption(context, out_dir),
      write_port_usage(out_dir / "port_usage_local.csv", measurement.port_usage_local),
      write_port_usage(out_dir / "port_usage_external.csv", measurement.port_usage_external),
      write_port_sharing(context, out_dir),
      write_external_by_type(context, out_dir),
      write_bytes_per_flow(context, out_dir),
      write_services_offered(context, out_dir),
      write_service_usage(context, out_dir),
      write_candidates(context, out_dir),
      write_inputs(context, out_dir),
  };
}

std::vector<Path> write_csv_tables(const ReportModel& model, const Path& out_dir) {
  return write_csv_tables(ReportContext(model), out_dir);
}

}  // namespace iotscope
