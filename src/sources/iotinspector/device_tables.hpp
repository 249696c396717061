#pragma once
// Reads the device tables (both shapes) before any flow table, and works out the homes of
// shape-B exports.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/device_record.hpp"
#include "sources/input_report.hpp"
#include "sources/iotinspector/chunk_source.hpp"
#include "sources/iotinspector/flat_hash_map.hpp"
#include "sources/iotinspector/format_detection.hpp"
#include "sources/iotinspector/shape_b_rows.hpp"

namespace iotscope {

struct DeviceTableContents {
  std::vector<DeviceRecord> v1_devices;  // complete records
  std::vector<ShapeBDevice> v3_devices;  // without their home yet
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::vector<InputIssue> issues;
  std::uint64_t input_bytes = 0;
};

// `chunk_bytes` 0: the default chunk size.
DeviceTableContents read_device_table(const std::string& path, const DetectedTable& table,
                                      std::size_t max_issues, std::size_t chunk_bytes = 0,
                                      FileAccess access = FileAccess::automatic);

// The directory that identifies a shape-B home: the absolute, normalised parent of `path`.
std::string shape_b_directory(const std::string& path);

// Where each device key sits in the merged device list.
using DeviceIndex = FlatHashMap<DeviceKey, std::size_t, DeviceKeyHash>;

// A shape-B home is one directory of the export. Its id is the MAC of the device the devices
// table marks as the gateway (is_gateway), else the directory's name. Devices get their key and
// home id here; `homes` receives one entry per directory with a devices table.
void assign_shape_b_homes(std::vector<std::pair<std::string, std::vector<ShapeBDevice>>>& tables,
                          std::map<std::string, ShapeBHome>& homes,
                          std::vector<DeviceRecord>& devices, DeviceIndex& index);

// Several rows may describe one device (repeated exports): the first row wins, later rows only
// fill what it left empty.
void merge_device(std::vector<DeviceRecord>& devices, DeviceIndex& index, DeviceRecord device);

// merge_device for every row of one table, in order. The first table's rows are merged in
// place: a million device records are not moved one by one into a second list.
void merge_devices(std::vector<DeviceRecord>& devices, DeviceIndex& index,
                   std::vector<DeviceRecord> rows);

}  // namespace iotscope
