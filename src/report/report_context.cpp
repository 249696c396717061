#include "report/report_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <unordered_set>

#include "report/spelling.hpp"
#include "report/text_scrubber.hpp"
#include "util/byte_set.hpp"
#include "util/hash.hpp"
#include "util/side_by_side.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kMissingKeyWarnings = 20;

std::string key_bytes(const DeviceKey& key) {
  std::string bytes(16, '\0');
  for (int i = 0; i < 8; ++i) {
    const auto at = static_cast<std::size_t>(i);
    const int shift = 56 - 8 * i;
    bytes[at] = static_cast<char>((key.home >> shift) & 0xFF);
    bytes[8 + at] = static_cast<char>((key.device >> shift) & 0xFF);
  }
  return bytes;
}

// Every address or MAC the scrubber replaces holds a '.', ':' or '-'; most texts (labels, rule
// names, vendors) hold none and skip the scan.
bool may_hold_address(std::string_view text) {
  constexpr ByteSet kAddressPunctuation(".:-");
  return kAddressPunctuation.find_in(text) != std::string_view::npos;
}

std::string file_name(std::string_view path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? std::string(path) : name;
}

}  // namespace

std::size_t MixedDeviceKeyHash::operator()(const DeviceKey& key) const noexcept {
  return static_cast<std::size_t>(mix64(key.home ^ mix64(key.device + 0x9E3779B97F4A7C15ULL)));
}

std::string describe_issue(const InputIssue& issue, std::string_view input_path) {
  const std::string file = issue.file.empty() ? std::string(input_path) : issue.file;
  if (issue.line > 0 && issue.column > 0) {
    return fmt::format("{}:{}:{}: {}", file, issue.line, issue.column, issue.message);
  }
  if (issue.line > 0) return fmt::format("{}:{}: {}", file, issue.line, issue.message);
  return fmt::format("{}@{}: {}", file, issue.byte_offset, issue.message);
}

std::string printable_issue(const InputIssue& issue, std::string_view input_path,
                            const Anonymizer* anonymizer) {
  std::string text = describe_issue(issue, input_path);
  if (anonymizer == nullptr) return text;
  if (issue.device) {
    const std::string named = issue.device->text();
    if (const auto at = text.find(named); at != std::string::npos) {
      text.replace(
          at, named.size(),
          "device " + anonymizer->device_id(issue.device->home_id, issue.device->source_id));
    }
  }
  return scrub_addresses(text, *anonymizer);
}

ReportContext::ReportContext(const ReportModel& model)
    : model_(model), anonymizer_(model.options.anonymization_key) {
  index_devices();
  // The keyed hashes of a million devices and the lookups of every finding's devices took 3 s
  // on one core at 50,000 homes; they fill different members, so they run side by side.
  run_side_by_side([this] { name_devices(); },
                   [this] {
                     name_missing_keys();
                     count_findings();
                   });
  collect_warnings();
  compute_overview();
}

void ReportContext::index_devices() {
  std::vector<DeviceKey> keys;
  keys.reserve(model_.devices.size());
  for (const DeviceRecord& device : model_.devices) keys.push_back(device.key);
  index_ = DeviceKeyIndex(keys);  // the first record of a duplicated key names it
}

void ReportContext::name_devices() {
  const auto& devices = model_.devices;
  device_ids_.reserve(devices.size());
  home_ids_.reserve(devices.size());
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const DeviceRecord& device = devices[i];
    device_ids_.push_back(anonymizer_.device_id(device.home_id, device.source_id));
    // Devices of a home come together: reuse the name of the previous home, one HMAC less.
    if (i > 0 && devices[i - 1].home_id == device.home_id) {
      home_ids_.push_back(home_ids_.back());
    } else {
      home_ids_.push_back(anonymizer_.home_id(device.home_id));
    }
  }
}

void ReportContext::note_key(const DeviceKey& key) {
  if (index_.contains(key) || missing_ids_.contains(key)) return;
  missing_ids_.emplace(key, "d?" + anonymizer_.tag("missing-device", key_bytes(key), 12));
  missing_order_.push_back(key);
}

// Every key a finding names gets its id here, so writers only look names up.
void ReportContext::name_missing_keys() {
  const AnalysisResult& result = model_.result;
  // Findings repeat their keys back to back: a small cache of keys already noted skips most
  // lookups (noting a key twice changes nothing).
  std::array<std::optional<DeviceKey>, 512> recent{};
  const auto note = [&](const DeviceKey& key) {
    auto& slot = recent[MixedDeviceKeyHash{}(key) % recent.size()];
    if (slot == key) return;
    note_key(key);
    slot = key;
  };
  for (const auto& role : result.port_roles) note(role.device);
  for (const auto& edge : result.device_graph.edges) {
    note(edge.device);
    if (edge.peer_device != 0) note(DeviceKey{edge.device.home, edge.peer_device});
  }
  for (const auto& scan : result.scans) {
    note(scan.scanner);
    for (const auto& target : scan.targets) {
      if (target.peer_device != 0) note(DeviceKey{scan.scanner.home, target.peer_device});
    }
  }
  for (const auto& entry : result.encryption) {
    note(entry.device);
    if (entry.peer_scope == PeerScope::local_device && entry.peer_device != 0) {
      note(DeviceKey{entry.device.home, entry.peer_device});
    }
  }
  for (const auto& exposure : result.exposure) note(exposure.device);
  for (const auto& candidate : result.candidates) note(candidate.device);
  const ActiveMeasurement& active = result.measurement.active;
  for (const auto& row : active.devices) note(row.device);
  for (const auto& row : active.offered) note(row.device);
  for (const auto& row : active.used_not_offered) note(row.device);
  for (const auto& row : active.vantage) note(row.device);
  if (active.gateway.found) note(active.gateway.device);
}

void ReportContext::count_findings() {
  findings_.assign(model_.devices.size(), 0);
  const auto count = [&](const DeviceKey& key) {
    if (const auto index = index_.find(key)) ++findings_[*index];
  };
  const AnalysisResult& result = model_.result;
  for (const auto& scan : result.scans) count(scan.scanner);
  for (const auto& exposure : result.exposure) count(exposure.device);
  for (const auto& entry : result.encryption) {
    if (entry.status == EncryptionStatus::plaintext) count(entry.device);
  }
}

void ReportContext::collect_warnings() {
  for (const auto& warning : model_.warnings) warnings_.push_back(text(warning));
  if (anonymized() && model_.options.anonymization_key.empty()) {
    warnings_.push_back(
        "anonymization key is empty: anonymized names can be recomputed by anyone; pass a key");
  }
  for (const auto& input : model_.inputs) {
    if (input.skipped > 0) {
      warnings_.push_back(
          text(fmt::format("{}: {} rows skipped", file_name(input.path), input.skipped)));
    }
  }
  const std::size_t shown = std::min(missing_order_.size(), kMissingKeyWarnings);
  for (std::size_t i = 0; i < shown; ++i) {
    warnings_.push_back(fmt::format("a finding names device {} that is not in the device list",
                                    missing_ids_.at(missing_order_[i])));
  }
  if (missing_order_.size() > shown) {
    warnings_.push_back(fmt::format("{} more device keys of findings are not in the device list",
                                    missing_order_.size() - shown));
  }
}

void ReportContext::compute_overview() {
  std::unordered_set<std::string_view> homes;
  for (const auto& device : model_.devices) homes.insert(device.home_id);
  overview_.homes = homes.size();
  overview_.devices = model_.devices.size();
  overview_.anonymized = anonymized();
  if (model_.summaries != nullptr) {
    overview_.flows = model_.summaries->flows;
    // Without flows there is no time span (a probe-only run), not one starting in 1970.
    if (model_.summaries->flows > 0) {
      overview_.first_time = model_.summaries->first_ts;
      overview_.last_time = model_.summaries->last_ts;
    }
  }
}

const std::string& ReportContext::device_id(const DeviceKey& key) const {
  if (const auto index = index_.find(key)) return device_ids_[*index];
  if (const auto it = missing_ids_.find(key); it != missing_ids_.end()) return it->second;
  // Only keys outside the result (a writer's own bookkeeping) can land here.
  static const std::string unknown = "d?";
  return unknown;
}

const DeviceRecord* ReportContext::find_device(const DeviceKey& key) const {
  const auto index = index_.find(key);
  return index ? &model_.devices[*index] : nullptr;
}

std::string ReportContext::label(const DeviceKey& key) const {
  const DeviceRecord* device = find_device(key);
  return device == nullptr ? device_id(key) : text(device->display_label());
}

std::string ReportContext::edge_peer(const GraphEdge& edge) const {
  if (edge.peer_device == 0) return std::string(to_string(PeerScope::local_unknown));
  return peer_id(edge.device.home, edge.peer_device);
}

std::string ReportContext::encryption_peer(const EncryptionEntry& entry) const {
  if (entry.peer_scope == PeerScope::local_device && entry.peer_device != 0) {
    return peer_id(entry.device.home, entry.peer_device);
  }
  return std::string(peer_scope_spelling(entry.peer_scope));
}

std::string ReportContext::scan_target(const Scan& scan, const ScanTarget& target) const {
  if (target.peer_device != 0) return peer_id(scan.scanner.home, target.peer_device);
  return address(target.address);
}

std::string ReportContext::address(const IpAddress& address) const {
  if (address.is_unset()) return {};
  return anonymized() ? anonymizer_.address(address) : address.to_string();
}

std::string ReportContext::mac(std::string_view mac) const {
  if (mac.empty()) return {};
  return anonymized() ? anonymizer_.mac(mac) : std::string(mac);
}

std::string ReportContext::issue(const InputIssue& issue, std::string_view input_path) const {
  return printable_issue(issue, input_path, anonymized() ? &anonymizer_ : nullptr);
}

std::string ReportContext::text(std::string_view text) const {
  if (!anonymized() || !may_hold_address(text)) return std::string(text);
  return scrub_addresses(text, anonymizer_);
}

}  // namespace iotscope
