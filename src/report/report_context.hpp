#pragma once
// What every writer of one report shares: the device ids, the anonymizer, the scrubbed warnings
// and the overview. Built once per report so the writers agree on every name they print.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "report/anonymizer.hpp"
#include "report/device_key_index.hpp"
#include "report/report_model.hpp"

namespace iotscope {

struct ReportOverview {
  std::uint64_t homes = 0;
  std::uint64_t devices = 0;
  std::uint64_t flows = 0;
  std::optional<double> first_time;  // unset without summaries
  std::optional<double> last_time;
  bool anonymized = true;
};

// Spreads both halves of a key over all bits: the lookups here run once per finding.
struct MixedDeviceKeyHash {
  std::size_t operator()(const DeviceKey& key) const noexcept;
};

class ReportContext {
 public:
  explicit ReportContext(const ReportModel& model);

  const ReportModel& model() const { return model_; }
  const AnalysisResult& result() const { return model_.result; }
  bool anonymized() const { return model_.options.anonymize; }
  const ReportOverview& overview() const { return overview_; }
  // Run-level warnings, one line per input with skipped rows, and device keys no device names.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // "d" + 12 hex digits for a listed device; "d?" + 12 hex digits for a key the device list
  // lacks (each such key is also a warning).
  const std::string& device_id(const DeviceKey& key) const;
  // The peer of a local finding, named by its DeviceKey::device within the same home.
  const std::string& peer_id(std::uint64_t home, std::uint64_t peer_device) const {
    return device_id(DeviceKey{home, peer_device});
  }
  const std::string& device_id_at(std::size_t index) const { return device_ids_[index]; }
  const std::string& home_id_at(std::size_t index) const { return home_ids_[index]; }
  // Scans, exposures and plaintext services that name the device.
  std::uint32_t findings_at(std::size_t index) const { return findings_[index]; }
  const DeviceRecord* find_device(const DeviceKey& key) const;
  // The device's display label as printed (scrubbed); its id when the device is not listed.
  std::string label(const DeviceKey& key) const;

  // How findings name the other end: a device id, or a class or address when no device.
  std::string edge_peer(const GraphEdge& edge) const;               // id or "local_unknown"
  std::string encryption_peer(const EncryptionEntry& entry) const;  // id, "internet", "local"
  std::string scan_target(const Scan& scan, const ScanTarget& target) const;  // id or address

  // An address as printed: anonymized ("addr-...") or raw.
  std::string address(const IpAddress& address) const;
  std::string mac(std::string_view mac) const;
  // Free text as printed: with anonymize on, addresses inside it are replaced.
  std::string text(std::string_view text) const;
  // An input issue as printed (see printable_issue).
  std::string issue(const InputIssue& issue, std::string_view input_path) const;

 private:
  void index_devices();
  void name_devices();
  void name_missing_keys();
  void note_key(const DeviceKey& key);
  void count_findings();
  void collect_warnings();
  void compute_overview();

  const ReportModel& model_;
  Anonymizer anonymizer_;
  DeviceKeyIndex index_;
  std::vector<std::string> device_ids_;
  std::vector<std::string> home_ids_;
  std::vector<std::uint32_t> findings_;
  std::unordered_map<DeviceKey, std::string, MixedDeviceKeyHash> missing_ids_;
  std::vector<DeviceKey> missing_order_;  // first-seen order, for stable warnings
  std::vector<std::string> warnings_;
  ReportOverview overview_;
};

// "file:line:column: message", "file:line: message" or "file@offset: message".
std::string describe_issue(const InputIssue& issue, std::string_view input_path);
// describe_issue(), and with an anonymizer: the device the issue names shown by its keyed id
// (as the report names it) instead of the dataset's ids, and addresses replaced.
std::string printable_issue(const InputIssue& issue, std::string_view input_path,
                            const Anonymizer* anonymizer);

}  // namespace iotscope
