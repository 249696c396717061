#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "sim_test_support.hpp"

namespace iotscope {
namespace {

using namespace simtest;

constexpr const char* kFlowHeader =
    "user_key,device_id,device_port,remote_ip,remote_port,protocol,syn_originator,"
    "remote_hostname,remote_reg_domain,remote_ip_country,in_byte_count,out_byte_count,"
    "total_byte_count,in_pkt_count,out_pkt_count,ts,ts_min,ts_mod60,ts_mod600";
constexpr const char* kDeviceHeader =
    "user_key,device_id,device_ip,device_oui,dhcp_hostname,device_name,device_vendor,"
    "device_type,ua_list,suspected_pc,is_inspected,ts";

bool all_of_chars(const std::string& text, int (*pred)(int)) {
  for (const char c : text) {
    if (pred(static_cast<unsigned char>(c)) == 0) return false;
  }
  return !text.empty();
}

TEST(SimulateFormat, HeadersAndColumnsFollowShapeA) {
  const auto dir = fresh_dir("format");
  const SimulationStats stats = simulate(small_config(dir, 25));
  const auto device_lines = lines(read_file(dir / "devices.csv"));
  const auto flow_text = read_file(dir / "flows.csv");
  const auto flow_lines = lines(flow_text);
  ASSERT_FALSE(device_lines.empty());
  EXPECT_EQ(device_lines[0], kDeviceHeader);
  EXPECT_EQ(flow_lines[0], kFlowHeader);
  EXPECT_EQ(flow_lines.size() - 1, stats.flow_rows);
  EXPECT_EQ(device_lines.size() - 1, stats.devices);
  EXPECT_EQ(stats.homes, 25u);

  std::set<std::string> homes;
  for (std::size_t i = 1; i < device_lines.size(); ++i) {
    const auto f = split(device_lines[i]);
    ASSERT_EQ(f.size(), 12u) << device_lines[i];
    EXPECT_EQ(f[0].size(), 16u);
    EXPECT_TRUE(all_of_chars(f[0], isalnum)) << f[0];
    EXPECT_EQ(f[1].size(), 11u);
    EXPECT_EQ(f[1][0], 's');
    EXPECT_TRUE(all_of_chars(f[1].substr(1), isxdigit)) << f[1];
    EXPECT_EQ(f[3].size(), 6u);
    EXPECT_TRUE(all_of_chars(f[3], isxdigit)) << f[3];
    EXPECT_TRUE(f[10] == "0" || f[10] == "1");
    homes.insert(f[0]);
  }
  EXPECT_EQ(homes.size(), 25u);

  const auto rows = parse_flows(flow_text);
  std::size_t probes = 0;
  for (std::size_t i = 1; i < flow_lines.size(); ++i) {
    const auto f = split(flow_lines[i]);
    const std::uint64_t ts = std::stoull(f[15]);
    EXPECT_EQ(ts % 5, 0u);
    EXPECT_GE(ts, 1588896000u);
    EXPECT_LT(ts, 1588896000u + 6 * 3600);
    EXPECT_EQ(std::stoull(f[16]), ts / 60);
    EXPECT_EQ(std::stoull(f[17]), ts - ts % 60);
    EXPECT_EQ(std::stoull(f[18]), ts - ts % 600);
    EXPECT_EQ(std::stoull(f[12]), std::stoull(f[10]) + std::stoull(f[11]));
    ASSERT_TRUE(f[5] == "tcp" || f[5] == "udp") << flow_lines[i];
    if (f[5] == "udp") {
      EXPECT_EQ(f[6], "") << flow_lines[i];
    }
    EXPECT_TRUE(f[6].empty() || f[6] == "local" || f[6] == "remote");
    if (f[4] == "44444") ++probes;
  }
  EXPECT_EQ(read_truth(dir)["probe_rows"].get<std::size_t>(), probes);
  std::filesystem::remove_all(dir);
}

TEST(SimulateFormat, TsvAndJsonLinesCarryTheSameColumns) {
  const auto tsv_dir = fresh_dir("tsv");
  const auto json_dir = fresh_dir("jsonl");
  auto config = small_config(tsv_dir, 5);
  config.format = "tsv";
  const SimulationStats tsv = simulate(config);
  config.out_dir = json_dir.string();
  config.format = "jsonl";
  const SimulationStats json = simulate(config);
  EXPECT_EQ(tsv.flow_rows, json.flow_rows);

  const auto tsv_lines = lines(read_file(tsv_dir / "flows.tsv"));
  EXPECT_EQ(split(tsv_lines[0], '\t').size(), 19u);
  EXPECT_EQ(split(tsv_lines[1], '\t').size(), 19u);

  const auto json_lines = lines(read_file(json_dir / "flows.jsonl"));
  ASSERT_EQ(json_lines.size(), json.flow_rows);
  const auto first = nlohmann::json::parse(json_lines.front());
  EXPECT_EQ(first.size(), 19u);
  EXPECT_TRUE(first["ts"].is_number_unsigned());
  EXPECT_TRUE(first["remote_ip"].is_string());
  // Row k of both formats describes the same window.
  const auto tsv_first = split(tsv_lines[1], '\t');
  EXPECT_EQ(first["device_id"].get<std::string>(), tsv_first[1]);
  EXPECT_EQ(std::to_string(first["in_byte_count"].get<std::uint64_t>()), tsv_first[10]);
  const auto devices = lines(read_file(json_dir / "devices.jsonl"));
  EXPECT_EQ(nlohmann::json::parse(devices.front()).size(), 12u);
  std::filesystem::remove_all(tsv_dir);
  std::filesystem::remove_all(json_dir);
}

TEST(SimulateFormat, CompressedOutputsDecompressToThePlainText) {
  const auto plain_dir = fresh_dir("plain");
  const auto gz_dir = fresh_dir("gz");
  const auto zst_dir = fresh_dir("zst");
  auto config = small_config(plain_dir, 12);
  simulate(config);
  config.out_dir = gz_dir.string();
  config.compression = "gzip";
  simulate(config);
  config.out_dir = zst_dir.string();
  config.compression = "zstd";
  simulate(config);
  const std::string flows = read_file(plain_dir / "flows.csv");
  const std::string devices = read_file(plain_dir / "devices.csv");
  EXPECT_EQ(gunzip(read_file(gz_dir / "flows.csv.gz")), flows);
  EXPECT_EQ(gunzip(read_file(gz_dir / "devices.csv.gz")), devices);
  EXPECT_EQ(unzstd(read_file(zst_dir / "flows.csv.zst")), flows);
  EXPECT_EQ(unzstd(read_file(zst_dir / "devices.csv.zst")), devices);
  EXPECT_LT(read_file(zst_dir / "flows.csv.zst").size(), flows.size() / 4);
  std::filesystem::remove_all(plain_dir);
  std::filesystem::remove_all(gz_dir);
  std::filesystem::remove_all(zst_dir);
}

TEST(SimulateFormat, PartsHoldWholeHomesInOrder) {
  const auto one_dir = fresh_dir("one");
  const auto parts_dir = fresh_dir("parts");
  auto config = small_config(one_dir, 10);
  simulate(config);
  config.out_dir = parts_dir.string();
  config.parts = 3;
  simulate(config);
  const std::string whole = read_file(one_dir / "flows.csv");
  std::string joined = whole.substr(0, whole.find('\n') + 1);
  std::set<std::string> seen_homes;
  for (int p = 1; p <= 3; ++p) {
    const auto path = parts_dir / ("flows-0000" + std::to_string(p) + "-of-00003.csv");
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    const std::string part = read_file(path);
    EXPECT_EQ(part.substr(0, part.find('\n')), kFlowHeader);
    joined += part.substr(part.find('\n') + 1);
    std::set<std::string> homes;
    for (const auto& row : parse_flows(part)) homes.insert(row.home);
    for (const auto& home : homes) EXPECT_TRUE(seen_homes.insert(home).second) << home;
  }
  EXPECT_EQ(joined, whole);
  EXPECT_EQ(read_truth(parts_dir)["files"]["flows"].size(), 3u);
  std::filesystem::remove_all(one_dir);
  std::filesystem::remove_all(parts_dir);
}

TEST(SimulateFormat, RejectsBadConfiguration) {
  const auto dir = fresh_dir("bad");
  auto config = small_config(dir, 1);
  config.format = "xml";
  EXPECT_THROW(simulate(config), std::runtime_error);
  config.format = "csv";
  config.compression = "lz4";
  EXPECT_THROW(simulate(config), std::runtime_error);
  config.compression = "none";
  config.parts = 0;
  EXPECT_THROW(simulate(config), std::runtime_error);
  config.parts = 1;
  config.out_dir = "/proc/iotscope-cannot-write-here";
  EXPECT_THROW(simulate(config), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotscope
