#pragma once
// SIGINT and SIGTERM as a file descriptor to poll, instead of a handler that would need global
// state. Create it before any thread starts: threads inherit the blocked signals, so only this
// descriptor ever sees them.
#include <signal.h>

#include <string>
#include <vector>

namespace iotscope {

class StopSignals {
 public:
  StopSignals();   // throws std::runtime_error when the signals cannot be redirected
  ~StopSignals();  // unblocks them again
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int fd() const { return fd_; }
  // The name of a signal that arrived ("SIGINT"), consuming it; empty when none waits.
  std::string take();

 private:
  int fd_ = -1;
  std::vector<struct sigaction> previous_;  // SIGINT's and SIGTERM's dispositions before
};

}  // namespace iotscope
