#pragma once
// A network namespace a test creates for itself (root only), so probes that must go
// unanswered or unroutable never leave the machine: only its own loopback exists inside.
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace iotscope::scan_test {

inline bool running_as_root() {
  return ::geteuid() == 0;
}

class TestNamespace {
 public:
  // `commands` run inside the namespace after its loopback is up ("nft add table ...").
  TestNamespace(std::string name, const std::vector<std::string>& commands)
      : name_(std::move(name)) {
    std::system(("ip netns del " + name_ + " 2>/dev/null").c_str());
    run("ip netns add " + name_);
    run("ip netns exec " + name_ + " ip link set lo up");
    for (const auto& command : commands) run("ip netns exec " + name_ + " " + command);
  }
  TestNamespace(const TestNamespace&) = delete;
  TestNamespace& operator=(const TestNamespace&) = delete;
  ~TestNamespace() { std::system(("ip netns del " + name_).c_str()); }

  // Runs `work` on a thread that has joined the namespace: sockets it opens live there.
  template <class Work>
  void run_inside(Work&& work) const {
    std::exception_ptr failure;
    std::thread thread([&] {
      try {
        const int fd = ::open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
          throw std::runtime_error("cannot enter network namespace " + name_);
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

 private:
  static void run(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
      throw std::runtime_error("test setup failed: " + command);
    }
  }

  std::string name_;
};

}  // namespace iotscope::scan_test
