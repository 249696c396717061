#include "engine/clickhouse/device_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "engine/clickhouse/address_halves.hpp"
#include "engine/clickhouse/flow_row.hpp"
#include "engine/clickhouse/sql_literal.hpp"
#include "engine/clickhouse/tsv_fields.hpp"

namespace iotscope::clickhouse {
namespace {

void field(std::string& out, std::string_view text) {
  append_tsv_field(out, text);
  out.push_back('\t');
}

// An Array(String) value in TabSeparated: ['a','b'] with every element a quoted literal whose
// escapes leave no tab or newline in the field.
void array_field(std::string& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    out += sql_string(items[i]);
  }
  out += "]\t";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string unhex(std::string_view hex) {
  if (hex.size() % 2 != 0) throw ClickHouseError(fmt::format("devices: '{}' is no hex", hex));
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) throw ClickHouseError(fmt::format("devices: '{}' is no hex", hex));
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::uint64_t number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw ClickHouseError(fmt::format("devices: '{}' is no number", text));
  }
  return value;
}

// ['41','4243'] of hex strings, as ClickHouse writes Array(String) of hex() in TabSeparated.
std::vector<std::string> unhex_array(std::string_view text) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
    throw ClickHouseError(fmt::format("devices: '{}' is no array", text));
  }
  std::vector<std::string> out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    if (item.size() < 2 || item.front() != '\'' || item.back() != '\'') {
      throw ClickHouseError(fmt::format("devices: '{}' is no quoted hex string", item));
    }
    out.push_back(unhex(item.substr(1, item.size() - 2)));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

DeviceRecord parse_device(std::string_view line) {
  const auto f = split_tabs(line);
  if (f.size() != 17)
    throw ClickHouseError(fmt::format("devices: {} fields, expected 17", f.size()));
  DeviceRecord d;
  d.key = {number(f[0]), number(f[1])};
  d.home_id = unhex(f[2]);
  d.source_id = unhex(f[3]);
  d.ip = address_from({number(f[4]), number(f[5])}, f[6] == "1");
  d.mac = unhex(f[7]);
  d.oui = unhex(f[8]);
  d.oui_vendor = unhex(f[9]);
  d.labels = {unhex(f[10]), unhex(f[11]), unhex(f[12])};
  d.learnt_names = unhex_array(f[13]);
  d.vendor = unhex(f[14]);
  const std::string type = unhex(f[15]);
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
  array_field(out, d.learnt_names);
  field(out, d.vendor);
  field(out, to_string(d.type));
  fmt::format_to(std::back_inserter(out), "{}\t{}\n", d.is_gateway ? 1 : 0, d.inspected ? 1 : 0);
}

LoadCounts load_devices(const ClickHouseLayout& layout, const std::vector<DeviceRecord>& devices,
                        const std::string& source_id) {
  std::map<std::uint64_t, Chunk> homes;
  for (const auto& device : devices) {
    Chunk& chunk = homes[device.key.home];
    if (chunk.rows == 0) {
      chunk.home = device.key.home;
      chunk.id = chunk_id(source_id, kDevicesTable, device.key.home, 0, 0);
    }
    std::string row;
    append_device_row(row, chunk.id, device);
    chunk.content_hash += stable_hash(row);
    chunk.text += row;
    ++chunk.rows;
  }
  std::vector<std::vector<Chunk>> per_shard(layout.shards.size());
  for (auto& [home, chunk] : homes) {
    per_shard[layout.shard_of_home(home)].push_back(std::move(chunk));
  }
  const auto recorded = read_recorded_chunks(layout, source_id);
  ChunkWriter writer(layout, source_id, recorded, kDevicesTable, device_columns());
  LoadCounts counts;
  for (std::size_t shard = 0; shard < per_shard.size(); ++shard) {
    writer.write(shard, per_shard[shard], counts);
  }
  return counts;
}

std::vector<DeviceRecord> query_devices(const ClickHouseLayout& layout) {
  ClickHouseHttp http(layout.shards.front().login);
  const std::string answer = http.query(fmt::format(
      "SELECT home, device, hex(home_id), hex(source_id), ip_hi, ip_lo, ip_set, hex(mac), "
      "hex(oui), hex(oui_vendor), hex(label_name), hex(label_vendor), hex(label_type), "
      "arrayMap(x -> hex(x), learnt_names), hex(vendor), hex(type), "
      "concat(toString(is_gateway), toString(inspected)) FROM {} FORMAT TabSeparated",
      layout.table(kDevicesTable)));
  std::vector<DeviceRecord> out;
  std::string_view rest(answer);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    out.push_back(parse_device(rest.substr(0, newline)));
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DeviceRecord& a, const DeviceRecord& b) { return a.key < b.key; });
  return out;
}

}  // namespace iotscope::clickhouse
