#include "report/report_aggregates.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace iotscope {

std::vector<ServerPortRow> server_ports(const std::vector<PortRole>& roles) {
  std::map<std::pair<std::uint16_t, Transport>, std::set<DeviceKey>> devices_by_port;
  for (const auto& role : roles) {
    if (role.role == Role::server && role.side == PortSide::local) {
      devices_by_port[{role.port, role.transport}].insert(role.device);
    }
  }
  std::vector<ServerPortRow> rows;
  rows.reserve(devices_by_port.size());
  for (const auto& [port, devices] : devices_by_port) {
    rows.push_back({port.first, port.second, devices.size()});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.devices > b.devices; });
  return rows;
}

std::vector<PlaintextServiceRow> plaintext_services(const std::vector<EncryptionEntry>& entries) {
  using Key = std::tuple<std::string, std::uint16_t, Transport>;
  std::map<Key, PlaintextServiceRow> rows_by_service;
  std::map<Key, std::set<DeviceKey>> devices_by_service;
  for (const auto& entry : entries) {
    if (entry.status != EncryptionStatus::plaintext) continue;
    const Key key{entry.service, entry.port, entry.transport};
    auto& row = rows_by_service[key];
    row.service = entry.service;
    row.port = entry.port;
    row.transport = entry.transport;
    row.flows += entry.flows;
    row.bytes += entry.bytes;
    row.credentials_in_clear =
        row.credentials_in_clear || entry.credentials_in_clear.value_or(false);
    devices_by_service[key].insert(entry.device);
  }
  std::vector<PlaintextServiceRow> rows;
  rows.reserve(rows_by_service.size());
  for (auto& [key, row] : rows_by_service) {
    row.devices = devices_by_service[key].size();
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(b.devices, b.flows) < std::tie(a.devices, a.flows);
  });
  return rows;
}

}  // namespace iotscope
