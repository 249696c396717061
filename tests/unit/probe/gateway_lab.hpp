#pragma once
// A two-namespace home for the gateway and discovery tests (root only): a router namespace
// running the real miniupnpd (UPnP IGD + NAT-PMP/PCP, nftables backend) on lan0 10.79.0.1 and a
// LAN namespace (eth0 10.79.0.10) where the code under test runs, joined by a veth pair. The WAN
// side is a veth pair that ends in the router namespace: nothing can leave. Processes are stopped
// by PID, namespaces deleted, in the destructor, so a failing assertion still cleans up.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_network_namespace.hpp"

namespace iotscope::probe_test {

class GatewayLab {
 public:
  static constexpr const char* kGatewayAddress = "10.79.0.1";
  static constexpr const char* kClientAddress = "10.79.0.10";
  static constexpr const char* kExternalAddress = "11.79.0.1";  // a string in answers only
  static constexpr const char* kRootDescription = "http://10.79.0.1:5000/rootDesc.xml";

  GatewayLab()
      : suffix_(std::to_string(::getpid())),
        gateway_ns_("iots-gateway-gw-" + suffix_),
        lan_ns_("iots-gateway-lan-" + suffix_),
        dir_(std::filesystem::temp_directory_path() / ("iots-gateway-" + suffix_)) {
    try {
      build();
    } catch (...) {
      teardown();
      throw;
    }
  }
  GatewayLab(const GatewayLab&) = delete;
  GatewayLab& operator=(const GatewayLab&) = delete;
  ~GatewayLab() { teardown(); }

  const std::string& lan_namespace() const { return lan_ns_; }
  const std::filesystem::path& dir() const { return dir_; }

  // Runs a command inside the LAN namespace; returns its exit status, output in `output`.
  int run_in_lan(const std::string& command, std::string* output = nullptr) const {
    const auto log = dir_ / "command.out";
    const int status = std::system(
        ("ip netns exec " + lan_ns_ + " " + command + " >" + log.string() + " 2>&1").c_str());
    if (output != nullptr) *output = read(log);
    return status;
  }

  // Starts a program in the router namespace (tracked by PID).
  void start_in_gateway(const std::vector<std::string>& argv, const std::string& log_name) {
    start(gateway_ns_, argv, log_name);
  }

  // Runs `work` on a thread inside the LAN namespace: sockets it opens live there.
  template <class Work>
  void run_inside_lan(Work&& work) const {
    run_in_namespace(lan_ns_, std::forward<Work>(work));
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Waits until something listens on TCP `port` in the router namespace.
  void wait_for_gateway_port(int port) const {
    for (int i = 0; i < 100; ++i) {
      if (std::system(("ip netns exec " + gateway_ns_ +
                       " ss -ltnH 'sport = :" + std::to_string(port) + "' | grep -q LISTEN")
                          .c_str()) == 0) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("nothing listens on port " + std::to_string(port) + " in " +
                             gateway_ns_ + "; miniupnpd log:\n" + read(dir_ / "miniupnpd.log"));
  }

 private:
  void build() {
    std::filesystem::create_directories(dir_);
    for (const auto* ns : {&gateway_ns_, &lan_ns_}) {
      delete_namespace(*ns);
      run_setup("ip netns add " + *ns);
      created_.push_back(*ns);
      run_setup("ip -n " + *ns + " link set lo up");
    }
    run_setup("ip -n " + lan_ns_ + " link add eth0 type veth peer name lan0 netns " + gateway_ns_);
    run_setup("ip -n " + lan_ns_ + " addr add " + kClientAddress + "/24 dev eth0");
    run_setup("ip -n " + lan_ns_ + " link set eth0 up");
    run_setup("ip -n " + gateway_ns_ + " addr add " + kGatewayAddress + "/24 dev lan0");
    run_setup("ip -n " + gateway_ns_ + " link set lan0 up");
    // The WAN side: a veth pair whose both ends stay in the router namespace (a dead end).
    run_setup("ip -n " + gateway_ns_ + " link add wan0 type veth peer name wan1");
    run_setup("ip -n " + gateway_ns_ + " addr add 10.80.0.1/24 dev wan0");
    run_setup("ip -n " + gateway_ns_ + " link set wan0 up");
    // miniupnpd 2.3.1 (nftables) expects these chains; Debian's init script does not make them.
    write(dir_ / "nft.conf",
          "table inet filter {\n"
          "  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; "
          "}\n"
          "  chain miniupnpd { }\n"
          "  chain prerouting { type nat hook prerouting priority -100; policy accept; jump "
          "prerouting_miniupnpd; }\n"
          "  chain postrouting { type nat hook postrouting priority 100; policy accept; jump "
          "postrouting_miniupnpd; }\n"
          "  chain prerouting_miniupnpd { }\n"
          "  chain postrouting_miniupnpd { }\n"
          "}\n");
    run_setup("ip netns exec " + gateway_ns_ + " nft -f " + (dir_ / "nft.conf").string());
    // ext_ip: miniupnpd refuses to map while its WAN address is private; this one is never
    // assigned to an interface and never sent a packet.
    write(dir_ / "miniupnpd.conf",
          "ext_ifname=wan0\nlistening_ip=lan0\nhttp_port=5000\nenable_upnp=yes\n"
          "enable_natpmp=yes\nipv6_disable=yes\nsecure_mode=yes\nsystem_uptime=yes\n"
          "notify_interval=60\nfriendly_name=LabRouter\nmanufacturer_name=Lab Networks\n"
          "model_name=LabGate 5000\nmodel_number=5000-b\n"
          "uuid=433681c4-6e4c-47e4-8283-57a50d465923\n"
          "ext_ip=" +
              std::string(kExternalAddress) +
              "\n"
              "allow 1024-65535 10.79.0.0/24 1024-65535\ndeny 0-65535 0.0.0.0/0 0-65535\n");
    start(gateway_ns_,
          {"miniupnpd", "-f", (dir_ / "miniupnpd.conf").string(), "-d", "-P",
           (dir_ / "miniupnpd.pid").string()},
          "miniupnpd.log");
    wait_for_gateway_port(5000);
  }

  void start(const std::string& ns, const std::vector<std::string>& argv,
             const std::string& log_name) {
    const std::string log = (dir_ / log_name).string();
    std::vector<std::string> full = {"ip", "netns", "exec", ns};
    full.insert(full.end(), argv.begin(), argv.end());
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> args;
      for (auto& item : full) args.push_back(item.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    pids_.push_back(pid);  // ip netns exec execs the program: this is its PID
  }

  void teardown() {
    for (const pid_t pid : pids_) {
      ::kill(pid, SIGTERM);
      int status = 0;
      bool gone = false;
      for (int i = 0; i < 30 && !gone; ++i) {
        gone = ::waitpid(pid, &status, WNOHANG) == pid;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (!gone) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
      }
    }
    pids_.clear();
    for (const auto& ns : created_) delete_namespace(ns);
    created_.clear();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  std::string suffix_;
  std::string gateway_ns_;
  std::string lan_ns_;
  std::filesystem::path dir_;
  std::vector<std::string> created_;
  std::vector<pid_t> pids_;
};

}  // namespace iotscope::probe_test
