#include "sources/iotinspector/device_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "sources/iotinspector/chunk_source.hpp"
#include "sources/iotinspector/issue_log.hpp"
#include "sources/iotinspector/shape_a_rows.hpp"
#include "sources/iotinspector/table_cursor.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

// Once the first chunk is parsed, room for as many rows as the whole file holds at that density:
// the records are large, and each regrowth of the list would move them all into fresh memory.
template <typename Record>
void reserve_for_file(std::vector<Record>& rows, std::uint64_t chunk_bytes,
                      std::uint64_t file_bytes) {
  if (chunk_bytes == 0 || file_bytes <= chunk_bytes) return;
  const double per_byte = static_cast<double>(rows.size()) / static_cast<double>(chunk_bytes);
  // A row is at least a dozen bytes: a first chunk of odd rows cannot ask for more than that.
  const double expected = std::min(per_byte * 1.05 * static_cast<double>(file_bytes),
                                   static_cast<double>(file_bytes) / 12);
  rows.reserve(static_cast<std::size_t>(expected) + 16);
}

void merge_into(DeviceRecord& kept, DeviceRecord&& device) {
  auto fill = [](std::string& into, std::string& from) {
    if (into.empty()) into = std::move(from);
  };
  if (kept.ip.is_unset()) kept.ip = device.ip;
  fill(kept.mac, device.mac);
  fill(kept.oui, device.oui);
  fill(kept.oui_vendor, device.oui_vendor);
  fill(kept.labels.name, device.labels.name);
  fill(kept.labels.vendor, device.labels.vendor);
  fill(kept.labels.type, device.labels.type);
  for (auto& name : device.learnt_names)
    if (std::find(kept.learnt_names.begin(), kept.learnt_names.end(), name) ==
        kept.learnt_names.end())
      kept.learnt_names.push_back(std::move(name));
  kept.is_gateway = kept.is_gateway || device.is_gateway;
  kept.inspected = kept.inspected || device.inspected;
}

}  // namespace

DeviceTableContents read_device_table(const std::string& path, const DetectedTable& table,
                                      std::size_t max_issues, std::size_t chunk_bytes,
                                      FileAccess access) {
  DeviceTableContents out;
  IssueLog issues(max_issues);
  std::string error;
  auto source =
      open_chunk_source(path, table, chunk_bytes ? chunk_bytes : kDefaultChunkBytes, error, access);
  if (!source) {
    InputIssue issue;
    issue.file = path;
    issue.message = fmt::format("cannot open: {}", error);
    issues.add_file_issue(std::move(issue));
    out.issues = issues.finish(path);
    return out;
  }
  TableCursor cursor(table.format, table.columns);
  TableRow row;
  RowProblem problem;
  auto report = [&](const RowProblem& p) {
    ++out.skipped;
    InputIssue issue;
    issue.file = path;
    issue.line = row.line;
    const bool about_field = p.slot != RowProblem::kWholeRecord;
    issue.column = about_field ? row.columns[p.slot] : p.column;
    issue.byte_offset = row.byte_offset + (about_field ? row.offsets[p.slot] : p.offset);
    issue.message = p.message;
    issues.add_row_issue(std::move(issue));
  };
  while (true) {
    auto chunk = source->next();
    for (auto& issue : source->take_issues()) {
      if (issue.line > 0) {
        ++out.skipped;
        issues.add_row_issue(std::move(issue));
      } else {
        issues.add_file_issue(std::move(issue));
      }
    }
    if (!chunk) break;
    const bool first_chunk = out.input_bytes == 0;
    out.input_bytes += chunk->input_bytes;
    cursor.reset(chunk->text, chunk->first_line, chunk->first_offset);
    while (true) {
      const auto step = cursor.next(row, problem);
      if (step == TableCursor::Step::end) break;
      if (step == TableCursor::Step::bad_record) {
        report(problem);
        continue;
      }
      if (table.columns.kind == TableKind::v1_devices) {
        if (auto device = parse_v1_device_row(row, problem)) {
          out.v1_devices.push_back(std::move(*device));
          ++out.records;
        } else {
          report(problem);
        }
      } else if (auto device = parse_v3_device_row(row, problem)) {
        out.v3_devices.push_back(std::move(*device));
        ++out.records;
      } else {
        report(problem);
      }
    }
    if (first_chunk) {
      std::error_code ec;
      const std::uint64_t file_bytes = std::filesystem::file_size(path, ec);
      if (!ec) {
        reserve_for_file(out.v1_devices, out.input_bytes, file_bytes);
        reserve_for_file(out.v3_devices, out.input_bytes, file_bytes);
      }
    }
  }
  out.issues = issues.finish(path);
  return out;
}

std::string shape_b_directory(const std::string& path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  if (ec) absolute = path;
  return absolute.lexically_normal().parent_path().string();
}

void assign_shape_b_homes(std::vector<std::pair<std::string, std::vector<ShapeBDevice>>>& tables,
                          std::map<std::string, ShapeBHome>& homes,
                          std::vector<DeviceRecord>& devices, DeviceIndex& index) {
  if (tables.empty()) return;
  // Find each directory's gateway first: the home id must be known before any key is made.
  std::map<std::string, std::string> gateway_of;
  for (const auto& [directory, table] : tables) {
    auto& home = homes[directory];
    home.has_device_table = true;
    for (const auto& device : table) {
      if (device.record.is_gateway && !gateway_of.contains(directory))
        gateway_of[directory] = device.record.mac;
      if (device.record.inspected) home.inspected_macs.insert(device.mac48);
    }
  }
  for (auto& [directory, home] : homes) {
    const auto gateway = gateway_of.find(directory);
    home.home_id = gateway != gateway_of.end()
                       ? gateway->second
                       : std::filesystem::path(directory).filename().string();
  }
  for (auto& [directory, table] : tables) {
    const ShapeBHome& home = homes[directory];
    for (auto& device : table) {
      DeviceRecord record = std::move(device.record);
      record.home_id = home.home_id;
      record.key = DeviceKey{hash_text(home.home_id), hash_text(record.mac)};
      merge_device(devices, index, std::move(record));
    }
  }
}

void merge_device(std::vector<DeviceRecord>& devices, DeviceIndex& index, DeviceRecord device) {
  const auto [position, inserted] = index.try_emplace(device.key);
  if (inserted) {
    *position = devices.size();
    devices.push_back(std::move(device));
    return;
  }
  merge_into(devices[*position], std::move(device));
}

void merge_devices(std::vector<DeviceRecord>& devices, DeviceIndex& index,
                   std::vector<DeviceRecord> rows) {
  index.reserve(index.size() + rows.size());
  if (!devices.empty()) {
    devices.reserve(devices.size() + rows.size());
    for (auto& row : rows) merge_device(devices, index, std::move(row));
    return;
  }
  devices = std::move(rows);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const auto [position, inserted] = index.try_emplace(devices[i].key);
    if (!inserted) {
      merge_into(devices[*position], std::move(devices[i]));
      continue;
    }
    *position = kept;
    if (kept != i) devices[kept] = std::move(devices[i]);
    ++kept;
  }
  devices.erase(devices.begin() + static_cast<std::ptrdiff_t>(kept), devices.end());
}

}  // namespace iotscope
