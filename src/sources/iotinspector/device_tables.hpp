#pragma once
// Reads the device tables (both shapes) before any flow table, and works out the homes of
// shape-B exports.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/device_record.hpp"
#include "sources/input_report.hpp"
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

DeviceTableContents read_device_table(const std::string& path, const DetectedTable& table,
                                      std::size_t max_issues);

// The directory that identifies a shape-B home: the absolute, normalised parent of `path`.
std::string shape_b_directory(const std::string& path);

// A shape-B home is one directory of the export. Its id is the MAC of the device the devices
// table marks as the gateway (is_gateway), else the directory's name. Devices get their key and
// home id here; `homes` receives one entry per directory with a devices table.
void assign_shape_b_homes(std::vector<std::pair<std::string, std::vector<ShapeBDevice>>>& tables,
                          std::map<std::string, ShapeBHome>& homes,
                          std::vector<DeviceRecord>& devices);

// Several rows may describe one device (repeated exports): the first row wins, later rows only
// fill what it left empty.
void merge_device(std::vector<DeviceRecord>& devices,
                  std::unordered_map<DeviceKey, std::size_t, DeviceKeyHash>& index,
                  DeviceRecord device);

}  // namespace iotscope
