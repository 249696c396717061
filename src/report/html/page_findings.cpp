// The findings of the page: scans, encryption, exposure and lab candidates, each as a capped
// table plus, where a chart needs all entries, an aggregate over every entry.
#include <fmt/format.h>

#include <functional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "report/candidate_ranking.hpp"
#include "report/device_id_cache.hpp"
#include "report/html/page_sections.hpp"

namespace iotscope {
namespace {

void note_cut(CapNotes& notes, std::string_view what, std::size_t kept, std::size_t total,
              std::string_view order) {
  if (total <= kept) return;
  notes.push_back(fmt::format("{}: the {} {} of {} are listed.", what, kept, order, total));
}

void write_scans(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                 CapNotes& notes) {
  const auto& scans = context.result().scans;
  const auto order = top_positions(scans.size(), caps.scans, [&](std::size_t a, std::size_t b) {
    return scans[a].targets.size() > scans[b].targets.size();
  });
  json.key("scans");
  json.begin_object();
  json.field("total", std::uint64_t{scans.size()});
  json.key("rows");
  json.begin_array();
  for (const std::size_t i : order) {
    const Scan& scan = scans[i];
    json.begin_array();
    json.string(context.device_id(scan.scanner));
    json.string(context.label(scan.scanner));
    json.string(to_string(scan.kind));
    json.string(scan.method);
    json.unsigned_integer(scan.targets.size());
    json.begin_array();
    for (std::size_t k = 0; k < scan.ports.size() && k < caps.scan_ports; ++k) {
      json.unsigned_integer(scan.ports[k]);
    }
    json.end_array();
    json.unsigned_integer(scan.ports.size());
    json.number(scan.start);
    json.number(scan.end);
    json.number(scan.confidence);
    json.end_array();
  }
  json.end_array();
  json.end_object();
  note_cut(notes, "Scans", order.size(), scans.size(), "with most targets");
}

struct Tally {
  std::uint64_t devices = 0;
  std::uint64_t entries = 0;
  std::uint64_t flows = 0;
  std::uint64_t bytes = 0;
  DeviceKey last_device{~std::uint64_t{0}, ~std::uint64_t{0}};
  std::size_t first = 0;  // first entry of the group, for its spelling

  // Findings come sorted by device, so a device is new to a group when it differs from the last.
  void add(const DeviceKey& device, std::uint64_t entry_flows, std::uint64_t entry_bytes) {
    if (!(device == last_device)) ++devices;
    last_device = device;
    ++entries;
    flows += entry_flows;
    bytes += entry_bytes;
  }
};

using GroupKey =
    std::tuple<std::string_view, std::uint16_t, Transport, std::uint8_t, std::string_view>;

struct GroupKeyHash {
  std::size_t operator()(const GroupKey& key) const noexcept {
    const std::hash<std::string_view> text;
    std::size_t h = text(std::get<0>(key)) * 31 + text(std::get<4>(key));
    h = h * 65599 + std::get<1>(key);
    h = h * 31 + static_cast<std::size_t>(std::get<2>(key));
    return h * 31 + std::get<3>(key);
  }
};

using Groups = std::unordered_map<GroupKey, Tally, GroupKeyHash>;

std::vector<const Groups::value_type*> heaviest(const Groups& groups, std::size_t limit,
                                                bool by_flows) {
  std::vector<const Groups::value_type*> ranked;
  ranked.reserve(groups.size());
  for (const auto& group : groups) ranked.push_back(&group);
  std::sort(ranked.begin(), ranked.end(), [by_flows](const auto* a, const auto* b) {
    const auto weight = [by_flows](const Tally& t) { return by_flows ? t.flows : t.devices; };
    if (weight(a->second) != weight(b->second)) return weight(a->second) > weight(b->second);
    return a->second.first < b->second.first;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

void write_encryption_summary(JsonWriter& json, const std::vector<EncryptionEntry>& entries,
                              const PageCaps& caps, CapNotes& notes) {
  Groups groups;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const EncryptionEntry& e = entries[i];
    const GroupKey key{e.service, e.port, e.transport, static_cast<std::uint8_t>(e.status),
                       e.tls_version()};
    auto [it, added] = groups.try_emplace(key);
    if (added) it->second.first = i;
    it->second.add(e.device, e.flows, e.bytes);
  }
  json.key("summary");
  json.begin_array();
  for (const auto* group : heaviest(groups, caps.encryption_groups, true)) {
    const EncryptionEntry& e = entries[group->second.first];
    json.begin_array();
    json.string(e.service);
    json.unsigned_integer(e.port);
    json.string(to_string(e.transport));
    json.string(to_string(e.status));
    json.string(e.tls_version());
    json.unsigned_integer(group->second.devices);
    json.unsigned_integer(group->second.flows);
    json.unsigned_integer(group->second.bytes);
    json.end_array();
  }
  json.end_array();
  note_cut(notes, "Encryption by service", std::min(groups.size(), caps.encryption_groups),
           groups.size(), "service groups with most flows");
}

void write_encryption(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                      CapNotes& notes) {
  const auto& entries = context.result().encryption;
  const auto plaintext = [&](std::size_t i) {
    return entries[i].status == EncryptionStatus::plaintext;
  };
  const auto order =
      top_positions(entries.size(), caps.encryption_rows, [&](std::size_t a, std::size_t b) {
        if (plaintext(a) != plaintext(b)) return plaintext(a);
        return entries[a].flows > entries[b].flows;
      });
  json.key("encryption");
  json.begin_object();
  json.field("total", std::uint64_t{entries.size()});
  write_encryption_summary(json, entries, caps, notes);
  json.key("rows");
  json.begin_array();
  DeviceIdCache ids(context);
  for (const std::size_t i : order) {
    const EncryptionEntry& e = entries[i];
    json.begin_array();
    json.string(ids.id(e.device));
    json.string(context.label(e.device));
    json.string(ids.encryption_peer(e));
    json.unsigned_integer(e.port);
    json.string(to_string(e.transport));
    json.string(e.service);
    json.string(to_string(e.status));
    json.string(to_string(e.how_known));
    json.string(e.tls_version());
    json.string(e.cipher_grade());
    json.unsigned_integer(e.flows);
    json.unsigned_integer(e.bytes);
    json.end_array();
  }
  json.end_array();
  json.end_object();
  note_cut(notes, "Encryption table", order.size(), entries.size(),
           "entries (plaintext first, then most flows)");
}

void write_exposure(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                    CapNotes& notes) {
  const auto& exposures = context.result().exposure;
  Groups groups;
  for (std::size_t i = 0; i < exposures.size(); ++i) {
    const Exposure& e = exposures[i];
    const GroupKey key{e.service, e.port, e.transport, 0, e.kind};
    auto [it, added] = groups.try_emplace(key);
    if (added) it->second.first = i;
    it->second.add(e.device, 0, 0);
  }
  json.key("exposure");
  json.begin_object();
  json.field("total", std::uint64_t{exposures.size()});
  json.key("summary");
  json.begin_array();
  for (const auto* group : heaviest(groups, caps.encryption_groups, false)) {
    const Exposure& e = exposures[group->second.first];
    json.begin_array();
    json.string(e.kind);
    json.string(e.service);
    json.unsigned_integer(e.port);
    json.string(to_string(e.transport));
    json.unsigned_integer(group->second.devices);
    json.end_array();
  }
  json.end_array();
  const auto order =
      top_positions(exposures.size(), caps.exposure_rows, [&](std::size_t a, std::size_t b) {
        return exposures[a].confidence > exposures[b].confidence;
      });
  json.key("rows");
  json.begin_array();
  for (const std::size_t i : order) {
    const Exposure& e = exposures[i];
    json.begin_array();
    json.string(context.device_id(e.device));
    json.string(context.label(e.device));
    json.unsigned_integer(e.port);
    json.string(to_string(e.transport));
    json.string(e.kind);
    json.string(e.service);
    json.number(e.confidence);
    json.end_array();
  }
  json.end_array();
  json.end_object();
  note_cut(notes, "Exposure table", order.size(), exposures.size(), "most confident exposures");
}

void write_candidates(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                      CapNotes& notes) {
  const auto& candidates = context.result().candidates;
  const auto order = rank_candidates(candidates);
  json.key("candidates");
  json.begin_object();
  json.field("total", std::uint64_t{candidates.size()});
  json.key("rows");
  json.begin_array();
  for (std::size_t rank = 0; rank < order.size() && rank < caps.candidates; ++rank) {
    const Candidate& candidate = candidates[order[rank]];
    json.begin_array();
    json.unsigned_integer(rank + 1);
    json.string(context.device_id(candidate.device));
    json.string(context.label(candidate.device));
    json.number(candidate.score);
    json.begin_array();
    for (const auto& reason : candidate.reasons) json.string(context.text(reason));
    json.end_array();
    json.end_array();
  }
  json.end_array();
  json.end_object();
  note_cut(notes, "Lab candidates", std::min(order.size(), caps.candidates), order.size(),
           "best-ranked candidates");
}

}  // namespace

void write_page_findings(JsonWriter& json, const ReportContext& context, const PageCaps& caps,
                         CapNotes& notes) {
  write_scans(json, context, caps, notes);
  write_encryption(json, context, caps, notes);
  write_exposure(json, context, caps, notes);
  write_candidates(json, context, caps, notes);
}

}  // namespace iotscope
