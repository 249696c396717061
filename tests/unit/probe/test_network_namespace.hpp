#pragma once
// Network namespaces the probe tests create for themselves (root only), so probes that must go
// unanswered, unroutable or multicast never leave the machine. TestNamespace holds one with
// only its own loopback; GatewayLab (gateway_lab.hpp) builds a router and a LAN from these parts.
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace iotscope::probe_test {

inline bool running_as_root() {
  return ::geteuid() == 0;
}

// Runs a setup command quietly; throws std::runtime_error naming it when it fails.
inline void run_setup(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("test setup failed: " + command);
  }
}

// Deletes namespace `name` if it is there (left over from a crashed run, or ours at the end).
inline void delete_namespace(const std::string& name) {
  std::system(("ip netns del " + name + " 2>/dev/null").c_str());
}

// Runs `work` on a thread that has joined namespace `name`: sockets it opens live there. What
// `work` throws, an assertion's exception included, comes back out on the caller's thread.
template <class Work>
void run_in_namespace(const std::string& name, Work&& work) {
  std::exception_ptr failure;
  std::thread thread([&] {
    try {
      const int fd = ::open(("/run/netns/" + name).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
        throw std::runtime_error("cannot enter network namespace " + name);
      }
      ::close(fd);
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  thread.join();
  if (failure) std::rethrow_exception(failure);
}

class TestNamespace {
 public:
  // `commands` run inside the namespace after its loopback is up ("nft add table ...").
  TestNamespace(std::string name, const std::vector<std::string>& commands)
      : name_(std::move(name)) {
    delete_namespace(name_);
    run_setup("ip netns add " + name_);
    try {
      run_setup("ip netns exec " + name_ + " ip link set lo up");
      for (const auto& command : commands) run_setup("ip netns exec " + name_ + " " + command);
    } catch (...) {
      delete_namespace(name_);
      throw;
    }
  }
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;
  ~TestNamespace() { delete_namespace(name_); }

  template <class Work>
  void run_inside(Work&& work) const {
    run_in_namespace(name_, std::forward<Work>(work));
  }

 private:
  std::string name_;
};

}  // namespace iotscope::probe_test
