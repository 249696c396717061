#pragma once
// Two local ClickHouse servers for a test (scripts/clickhouse-servers.sh): started in their own
// folder, stopped by PID when the object goes, failed test or not; the script's watcher also
// stops them should the test process die.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "engine/clickhouse/clickhouse_schema.hpp"
#include "engine/clickhouse/clickhouse_url.hpp"

namespace iotscope::clickhouse::test_servers {

namespace fs = std::filesystem;

inline const std::string kScript =
    std::string(IOTSCOPE_SOURCE_DIR) + "/scripts/clickhouse-servers.sh";

class TwoServers {
 public:
  TwoServers() {
    dir_ = fs::temp_directory_path() / ("iotscope-ch-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    const std::string command = "bash " + kScript + " start " + dir_.string() + " " +
                                std::to_string(::getpid()) + " >" + dir_.string() + ".log 2>&1";
    started_ = std::system(command.c_str()) == 0;
    if (!started_) return;
    std::ifstream ports(dir_ / "ports");
    int http = 0;
    int native = 0;
    while (ports >> http >> native) http_ports_.push_back(static_cast<std::uint16_t>(http));
  }
  ~TwoServers() {
    const std::string command = "bash " + kScript + " stop " + dir_.string() + " >/dev/null 2>&1";
    (void)std::system(command.c_str());
    std::error_code ignored;  // a destructor must not throw; a leftover folder is harmless
    fs::remove_all(dir_, ignored);
    fs::remove(dir_.string() + ".log", ignored);
  }
  TwoServers(const TwoServers&) = delete;
  TwoServers& operator=(const TwoServers&) = delete;

  // Stops / restarts server `index` (1 or 2) alone, same ports and data; true on success.
  bool stop_one(int index) const { return run_one("stop-one", index); }
  bool start_one(int index) const { return run_one("start-one", index); }

  bool started() const { return started_ && http_ports_.size() == 2; }
  std::uint16_t http_port(std::size_t i) const { return http_ports_.at(i); }
  fs::path dir() const { return dir_; }
  std::string url(std::string_view db, bool cluster) const {
    return "clickhouse://127.0.0.1:" + std::to_string(http_port(0)) + "/" + std::string(db) +
           (cluster ? "?cluster=iotscope" : "");
  }

 private:
  bool run_one(const char* action, int index) const {
    const std::string command = "bash " + kScript + " " + action + " " + dir_.string() + " " +
                                std::to_string(index) + " >>" + dir_.string() + ".log 2>&1";
    return std::system(command.c_str()) == 0;
  }

  fs::path dir_;
  bool started_ = false;
  std::vector<std::uint16_t> http_ports_;
};

inline bool clickhouse_installed() {
  return fs::exists("/usr/sbin/clickhouse-server");
}

// A test on two fresh servers with iotscope's schema on their cluster (database `iot`); skipped
// when clickhouse-server is not installed. A subclass's SetUp() calls this one first and returns
// when IsSkipped() or HasFatalFailure().
class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!clickhouse_installed()) GTEST_SKIP() << "clickhouse-server not installed";
    servers_ = std::make_unique<TwoServers>();
    ASSERT_TRUE(servers_->started()) << "see " << servers_->dir() << ".log";
    layout_ = discover_layout(parse_clickhouse_url(servers_->url("iot", true)), "");
    create_schema(layout_);
  }

  std::unique_ptr<TwoServers> servers_;
  ClickHouseLayout layout_;
};

}  // namespace iotscope::clickhouse::test_servers
