#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "sim_test_support.hpp"

namespace iotscope {
namespace {

using namespace simtest;
using nlohmann::json;

// One simulation with high injection rates, shared by the tests below.
class SimulateTruth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(fresh_dir("truth"));
    auto config = small_config(*dir_, 60, 3);
    config.sweep_rate = 0.4;
    config.port_scan_rate = 0.4;
    config.internet_server_rate = 0.5;
    config.ntp_responder_rate = 0.4;
    config.plaintext_service_rate = 0.6;
    stats_ = simulate(config);
    rows_ = new std::vector<FlowRow>(parse_flows(read_file(*dir_ / "flows.csv")));
    by_device_ = new std::map<std::pair<std::string, std::string>, std::vector<const FlowRow*>>;
    for (const auto& r : *rows_) {
      if (r.remote_port != 44444) (*by_device_)[{r.home, r.device}].push_back(&r);
    }
    truth_ = new json(read_truth(*dir_));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete rows_;
    delete truth_;
    delete by_device_;
  }
  // The rows of one device, without IoT Inspector's probe rows.
  static std::vector<const FlowRow*> rows_of(const std::string& home, const std::string& device) {
    const auto it = by_device_->find({home, device});
    return it == by_device_->end() ? std::vector<const FlowRow*>{} : it->second;
  }

  static std::filesystem::path* dir_;
  static SimulationStats stats_;
  static std::vector<FlowRow>* rows_;
  static json* truth_;
  static std::map<std::pair<std::string, std::string>, std::vector<const FlowRow*>>* by_device_;
};
std::filesystem::path* SimulateTruth::dir_ = nullptr;
SimulationStats SimulateTruth::stats_;
std::vector<FlowRow>* SimulateTruth::rows_ = nullptr;
json* SimulateTruth::truth_ = nullptr;
std::map<std::pair<std::string, std::string>, std::vector<const FlowRow*>>*
    SimulateTruth::by_device_ = nullptr;

bool is_local_unicast(const std::string& ip) {
  const bool private_range =
      ip.rfind("192.168.", 0) == 0 || ip.rfind("10.", 0) == 0 || ip.rfind("172.16.", 0) == 0;
  const bool broadcast = ip.size() > 4 && ip.substr(ip.size() - 4) == ".255";
  return private_range && !broadcast;
}

TEST_F(SimulateTruth, HeaderCountsMatchTheFiles) {
  const json& t = *truth_;
  EXPECT_EQ(t["generator"], "iotscope simulate");
  EXPECT_EQ(t["seed"], 3);
  EXPECT_EQ(t["homes"], 60);
  EXPECT_EQ(t["flow_rows"].get<std::uint64_t>(), rows_->size());
  EXPECT_EQ(t["devices"].get<std::uint64_t>(), stats_.devices);
  EXPECT_EQ(t["devices_truth"].size(), stats_.devices);
  EXPECT_EQ(t["flow_gap_seconds"], 60);
  for (const char* list : {"port_roles", "exposure", "scans", "plaintext"}) {
    EXPECT_FALSE(t[list].empty()) << list;
  }
}

TEST_F(SimulateTruth, EveryPortRoleIsBackedByRows) {
  std::size_t servers = 0;
  std::size_t clients = 0;
  std::size_t peers = 0;
  for (const json& role : (*truth_)["port_roles"]) {
    const auto rows = rows_of(role["home"], role["device_id"]);
    const unsigned port = role["port"];
    const std::string transport = role["transport"];
    std::set<unsigned> other_ports;
    std::size_t peer_rows = 0;
    for (const FlowRow* r : rows) {
      if (r->protocol != transport) continue;
      if (role["role"] == "server" && r->device_port == port) other_ports.insert(r->remote_port);
      if (role["role"] == "client" && r->remote_port == port) other_ports.insert(r->device_port);
      if (role["role"] == "peer" && r->device_port == port && r->remote_port == port) ++peer_rows;
    }
    if (role["role"] == "server") {
      ++servers;
      EXPECT_EQ(role["side"], "local");
      EXPECT_GE(other_ports.size(), 6u) << role.dump();
    } else if (role["role"] == "client") {
      ++clients;
      EXPECT_EQ(role["side"], "remote");
      EXPECT_GE(other_ports.size(), 3u) << role.dump();
    } else {
      ++peers;
      EXPECT_EQ(role["role"], "peer");
      EXPECT_GE(peer_rows, 3u) << role.dump();
    }
  }
  EXPECT_GT(servers, 20u);
  EXPECT_GT(clients, 100u);
  EXPECT_GT(peers, 20u);
}

TEST_F(SimulateTruth, ExposureHasManyExternalClients) {
  std::set<std::string> kinds;
  for (const json& e : (*truth_)["exposure"]) {
    kinds.insert(e["kind"]);
    std::set<std::string> hosts;
    std::set<unsigned> ports;
    for (const FlowRow* r : rows_of(e["home"], e["device_id"])) {
      if (r->device_port == e["port"].get<unsigned>() && r->protocol == e["transport"] &&
          !is_local_unicast(r->remote_ip)) {
        hosts.insert(r->remote_ip);
        ports.insert(r->remote_port);
        if (e["kind"] == "inbound" && !r->syn.empty()) {
          EXPECT_EQ(r->syn, "remote");
        }
      }
    }
    EXPECT_GE(hosts.size(), 3u) << e.dump();
    EXPECT_GE(ports.size(), 6u) << e.dump();
    if (e["kind"] == "ntp_responder") {
      EXPECT_EQ(e["port"], 123);
      EXPECT_EQ(e["transport"], "udp");
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"inbound", "ntp_responder"}));
}

TEST_F(SimulateTruth, ScansHaveEveryTargetAndPortInsideTheirInterval) {
  for (const json& scan : (*truth_)["scans"]) {
    const double start = scan["start"];
    const double end = scan["end"];
    EXPECT_LE(end - start, 60.0) << scan.dump();
    std::set<std::pair<std::string, unsigned>> seen;
    for (const FlowRow* r : rows_of(scan["home"], scan["scanner"])) {
      if (r->protocol == "tcp" && static_cast<double>(r->ts) >= start &&
          static_cast<double>(r->ts) <= end) {
        seen.emplace(r->remote_ip, r->remote_port);
      }
    }
    const auto& targets = scan["targets"];
    const auto& ports = scan["ports"];
    if (scan["kind"] == "host_sweep") {
      EXPECT_GE(targets.size(), 20u);
      EXPECT_LE(targets.size(), 254u);
    } else {
      EXPECT_EQ(scan["kind"], "port_scan");
      EXPECT_EQ(targets.size(), 1u);
      EXPECT_GE(ports.size(), 20u);
      EXPECT_LE(ports.size(), 200u);
    }
    for (const auto& target : targets) {
      for (const auto& port : ports) {
        EXPECT_TRUE(seen.count({target.get<std::string>(), port.get<unsigned>()}) == 1)
            << scan["kind"] << " " << target << ":" << port;
      }
    }
  }
}

TEST_F(SimulateTruth, PlaintextServicesAreServerRolesOnPlaintextPorts) {
  std::set<std::tuple<std::string, std::string, unsigned>> servers;
  for (const json& role : (*truth_)["port_roles"]) {
    if (role["role"] == "server") servers.emplace(role["home"], role["device_id"], role["port"]);
  }
  for (const json& p : (*truth_)["plaintext"]) {
    EXPECT_EQ(servers.count({p["home"], p["device_id"], p["port"]}), 1u) << p.dump();
    const std::map<unsigned, std::string> services{
        {21, "ftp"}, {23, "telnet"}, {80, "http"}, {1883, "mqtt"}, {8080, "http"}};
    ASSERT_EQ(services.count(p["port"]), 1u);
    EXPECT_EQ(p["service"], services.at(p["port"]));
  }
}

TEST_F(SimulateTruth, BackgroundNeverLooksLikeAScan) {
  std::set<std::pair<std::string, std::string>> scanners;
  for (const json& scan : (*truth_)["scans"]) scanners.emplace(scan["home"], scan["scanner"]);
  std::map<std::tuple<std::string, std::string, std::uint64_t>, std::set<std::string>> peers;
  for (const FlowRow& r : *rows_) {
    if (r.remote_port == 44444 || !is_local_unicast(r.remote_ip)) continue;
    if (scanners.count({r.home, r.device}) != 0) continue;
    peers[{r.home, r.device, r.ts / 60}].insert(r.remote_ip);
  }
  ASSERT_FALSE(peers.empty());
  std::size_t worst = 0;
  for (const auto& [key, addresses] : peers) worst = std::max(worst, addresses.size());
  EXPECT_LE(worst, 5u);
  EXPECT_GE(worst, 2u);  // the cap is exercised, not vacuous
}

TEST_F(SimulateTruth, DevicesTruthMatchesDevicesTable) {
  const auto device_lines = lines(read_file(*dir_ / "devices.csv"));
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> table;
  for (std::size_t i = 1; i < device_lines.size(); ++i) {
    const auto f = split(device_lines[i]);
    table[{f[0], f[1]}] = f;
  }
  for (const json& d : (*truth_)["devices_truth"]) {
    const auto it = table.find({d["home"], d["device_id"]});
    ASSERT_NE(it, table.end()) << d.dump();
    const auto& f = it->second;
    EXPECT_EQ(f[2], d["ip"]);
    const bool labelled = !f[5].empty() || !f[6].empty() || !f[7].empty();
    EXPECT_EQ(labelled, d["labelled"].get<bool>()) << d.dump();
    EXPECT_EQ(f[10] == "1", d["inspected"].get<bool>());
    if (!d["inspected"].get<bool>()) {  // the gateway
      EXPECT_EQ(f[2].substr(f[2].rfind('.')), ".1");
    }
  }
}

TEST(SimulateLabels, LabelRateIsWithinTolerance) {
  const auto dir = fresh_dir("labels");
  auto config = small_config(dir, 150, 21);
  config.label_rate = 0.25;
  simulate(config);
  const auto device_lines = lines(read_file(dir / "devices.csv"));
  std::size_t labelled = 0;
  std::set<std::string> vendor_spellings;
  for (std::size_t i = 1; i < device_lines.size(); ++i) {
    const auto f = split(device_lines[i]);
    if (!f[5].empty() || !f[6].empty() || !f[7].empty()) ++labelled;
    vendor_spellings.insert(f[6]);
  }
  const double rate = static_cast<double>(labelled) / static_cast<double>(device_lines.size() - 1);
  EXPECT_NEAR(rate, 0.25, 0.03);
  // Noisy spellings, as in the seeds.
  EXPECT_TRUE(vendor_spellings.count("amazon.com") + vendor_spellings.count("Amazon") >= 1);
  EXPECT_GT(vendor_spellings.size(), 20u);
  std::filesystem::remove_all(dir);
}

TEST(SimulateHomes, DeviceCountsAndSubnetsVary) {
  const auto dir = fresh_dir("homes");
  simulate(small_config(dir, 200, 4));
  const auto device_lines = lines(read_file(dir / "devices.csv"));
  std::map<std::string, std::size_t> per_home;
  std::set<std::string> subnets;
  for (std::size_t i = 1; i < device_lines.size(); ++i) {
    const auto f = split(device_lines[i]);
    ++per_home[f[0]];
    subnets.insert(f[2].substr(0, f[2].rfind('.')));
  }
  std::vector<std::size_t> counts;
  for (const auto& [home, n] : per_home) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  EXPECT_GE(counts.front(), 5u);
  EXPECT_LE(counts.back(), 45u);
  EXPECT_NEAR(static_cast<double>(counts[counts.size() / 2]), 19.0, 2.0);
  EXPECT_GE(subnets.size(), 6u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace iotscope
