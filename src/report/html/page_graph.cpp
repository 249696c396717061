// The device graph of the page: both Sankeys with their label columns folded, and the per-port
// breakdowns of the drill-down.
#include <fmt/format.h>

#include <map>
#include <string_view>

#include "report/html/page_sections.hpp"
#include "report/report_json.hpp"

namespace iotscope {
namespace {

constexpr std::string_view kOtherDevices = "device:(other labels)";
constexpr std::string_view kOtherPeers = "peer:(other labels)";

bool has_prefix(std::string_view name, std::string_view prefix) {
  return name.substr(0, prefix.size()) == prefix;
}

struct FoldedLinks {
  std::vector<SankeyLink> links;
  std::size_t folded = 0;  // label links merged into an "(other labels)" node
};

// Of the links into (or out of) one port node, the `keep` heaviest by flows stay; the rest become
// one link to the "(other labels)" node of that port.
void fold_group(std::vector<const SankeyLink*>& group, bool by_target, std::size_t keep,
                FoldedLinks& out) {
  std::stable_sort(group.begin(), group.end(),
                   [](const SankeyLink* a, const SankeyLink* b) { return a->flows > b->flows; });
  SankeyLink other;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (i < keep) {
      out.links.push_back(*group[i]);
      continue;
    }
    other.flows += group[i]->flows;
    other.bytes += group[i]->bytes;
    ++out.folded;
  }
  if (group.size() <= keep) return;
  const SankeyLink& first = *group.front();
  other.source = by_target ? std::string(kOtherDevices) : first.source;
  other.target = by_target ? first.target : std::string(kOtherPeers);
  out.links.push_back(std::move(other));
}

FoldedLinks fold_labels(const std::vector<SankeyLink>& links, std::size_t keep) {
  // device -> lport links grouped by their port, rport -> peer links by theirs.
  std::map<std::string_view, std::vector<const SankeyLink*>> into_port;
  std::map<std::string_view, std::vector<const SankeyLink*>> out_of_port;
  FoldedLinks folded;
  for (const SankeyLink& link : links) {
    if (has_prefix(link.source, "device:")) {
      into_port[link.target].push_back(&link);
    } else if (has_prefix(link.target, "peer:")) {
      out_of_port[link.source].push_back(&link);
    } else {
      folded.links.push_back(link);
    }
  }
  for (auto& [port, group] : into_port) fold_group(group, true, keep, folded);
  for (auto& [port, group] : out_of_port) fold_group(group, false, keep, folded);
  return folded;
}

void write_sankey(JsonWriter& json, std::string_view name, const std::vector<SankeyLink>& links,
                  const ReportContext& context, const PageCaps& caps, CapNotes& notes) {
  const FoldedLinks folded = fold_labels(links, caps.labels_per_port);
  json.key(name);
  json.begin_array();
  for (const SankeyLink& link : folded.links) {
    json.begin_array();
    json.string(context.text(link.source));
    json.string(context.text(link.target));
    json.unsigned_integer(link.flows);
    json.unsigned_integer(link.bytes);
    json.end_array();
  }
  json.end_array();
  if (folded.folded > 0) {
    notes.push_back(fmt::format(
        "{}: per port, device and peer labels beyond the {} with most flows are merged into "
        "\"(other labels)\" ({} label links merged).",
        name == "local_sankey" ? "Device-to-device Sankey" : "External Sankey",
        caps.labels_per_port, folded.folded));
  }
}

// Returns how many keys were folded into the closing "other" entry.
std::size_t write_label_counts(JsonWriter& json, std::string_view name,
                               const std::vector<LabelCount>& counts, const ReportContext& context,
                               std::size_t keep) {
  json.key(name);
  json.begin_array();
  LabelCount other;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i >= keep) {
      other.flows += counts[i].flows;
      other.bytes += counts[i].bytes;
      continue;
    }
    json.begin_array();
    json.string(context.text(counts[i].key));
    json.unsigned_integer(counts[i].flows);
    json.unsigned_integer(counts[i].bytes);
    json.end_array();
  }
  const std::size_t folded = counts.size() > keep ? counts.size() - keep : 0;
  if (folded > 0) {
    json.begin_array();
    json.string(fmt::format("other ({})", folded));
    json.unsigned_integer(other.flows);
    json.unsigned_integer(other.bytes);
    json.end_array();
  }
  json.end_array();
  return folded;
}

void write_per_port(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                    CapNotes& notes) {
  json.key("per_port");
  json.begin_array();
  std::size_t folded = 0;
  for (const PortBreakdown& breakdown : context.result().device_graph.per_port) {
    json.begin_object();
    write_port_breakdown_totals(json, breakdown);
    const std::size_t keep = caps.per_port_keys;
    folded += write_label_counts(json, "remote_ports", breakdown.remote_ports, context, keep);
    folded += write_label_counts(json, "device_labels", breakdown.device_labels, context, keep);
    folded += write_label_counts(json, "peer_labels", breakdown.peer_labels, context, keep);
    json.end_object();
  }
  json.end_array();
  if (folded > 0) {
    notes.push_back(fmt::format(
        "Per-port drill-down: each chart shows the {} keys with most flows; the rest are one "
        "\"other (N)\" bar.",
        caps.per_port_keys));
  }
}

}  // namespace

void write_page_graph(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                      CapNotes& notes) {
  const DeviceGraph& graph = context.result().device_graph;
  json.key("graph");
  json.begin_object();
  write_sankey(json, "local_sankey", graph.local_sankey, context, caps, notes);
  write_sankey(json, "external_sankey", graph.external_sankey, context, caps, notes);
  write_per_port(json, context, caps, notes);
  json.field("caps", context.text(graph.caps));
  json.end_object();
}

}  // namespace iotscope
