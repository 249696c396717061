#include "engine/clickhouse/device_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

#include "engine/clickhouse/address_halves.hpp"
#include "engine/clickhouse/answer_fields.hpp"
#include "engine/clickhouse/flow_row.hpp"
#include "engine/clickhouse/home_chunks.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

void field(std::string& out, std::string_view text) {
  append_tsv_field(out, text);
  out.push_back('\t');
}

std::string hex_text(std::string_view hex) {
  return unhex(hex, "devices");
}

std::uint64_t number(std::string_view field) {
  return parse_u64(field, "devices");
}

DeviceRecord parse_device(std::string_view line) {
  const auto f = split_tabs(line);
  if (f.size() != 17)
    throw ClickHouseError(fmt::format("devices: {} fields, expected 17", f.size()));
  DeviceRecord d;
  d.key = {number(f[0]), number(f[1])};
  d.home_id = hex_text(f[2]);
  d.source_id = hex_text(f[3]);
  d.ip = address_from({number(f[4]), number(f[5])}, f[6] == "1");
  d.mac = hex_text(f[7]);
  d.oui = hex_text(f[8]);
  d.oui_vendor = hex_text(f[9]);
  d.labels = {hex_text(f[10]), hex_text(f[11]), hex_text(f[12])};
  d.learnt_names = unhex_array(f[13], "devices");
  d.vendor = hex_text(f[14]);
  const std::string type = hex_text(f[15]);
  d.type = parse_device_type(type).value_or(DeviceType::unknown);
  d.is_gateway = f[16].size() >= 1 && f[16][0] == '1';
  d.inspected = f[16].size() >= 2 && f[16][1] == '1';
  return d;
}

}  // namespace

void append_device_row(std::string& out, std::uint64_t chunk, const DeviceRecord& d) {
  const AddressHalves ip = halves_of(d.ip);
  fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t", chunk, d.key.home, d.key.device);
  field(out, d.home_id);
  field(out, d.source_id);
  fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t", ip.hi, ip.lo, d.ip.is_unset() ? 0 : 1);
  field(out, d.mac);
  field(out, d.oui);
  field(out, d.oui_vendor);
  field(out, d.labels.name);
  field(out, d.labels.vendor);
  field(out, d.labels.type);
  append_tsv_array(out, d.learnt_names);
  out.push_back('\t');
  field(out, d.vendor);
  field(out, to_string(d.type));
  fmt::format_to(std::back_inserter(out), "{}\t{}\n", d.is_gateway ? 1 : 0, d.inspected ? 1 : 0);
}

LoadCounts load_devices(const ClickHouseLayout& layout, const std::vector<DeviceRecord>& devices,
                        const std::string& source_id) {
  // One chunk per home, whatever its size: a home's devices are loaded together or not at all.
  HomeChunks chunks(source_id, kDevicesTable, std::numeric_limits<std::size_t>::max());
  for (const auto& device : devices) {
    chunks.add(device.key.home, [&device](std::string& out, std::uint64_t chunk) {
      append_device_row(out, chunk, device);
    });
  }
  return std::move(chunks).store(layout, device_columns());
}

std::vector<DeviceRecord> query_devices(const ClickHouseLayout& layout,
                                        const FlowSelection& selection) {
  ClickHouseHttp http(layout.shards.front().login);
  const std::string answer = http.query(fmt::format(
      "SELECT home, device, hex(home_id), hex(source_id), ip_hi, ip_lo, ip_set, hex(mac), "
      "hex(oui), hex(oui_vendor), hex(label_name), hex(label_vendor), hex(label_type), "
      "arrayMap(x -> hex(x), learnt_names), hex(vendor), hex(type), "
      "concat(toString(is_gateway), toString(inspected)) FROM {}{} FORMAT TabSeparated",
      layout.table(kDevicesTable), where_sql(selection, "")));
  std::vector<DeviceRecord> out;
  for_each_line(answer, [&out](std::string_view line) { out.push_back(parse_device(line)); });
  std::stable_sort(out.begin(), out.end(),
                   [](const DeviceRecord& a, const DeviceRecord& b) { return a.key < b.key; });
  return out;
}

}  // namespace iotscope::clickhouse
