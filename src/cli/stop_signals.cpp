#include "cli/stop_signals.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace iotscope {
namespace {

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopSignals::StopSignals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal never reaches the
  // descriptor: take the default back (it never acts while the signals are blocked).
  for (const int signal : {SIGINT, SIGTERM}) {
    struct sigaction previous {};
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigaction(signal, &default_action, &previous);
    previous_.push_back(previous);
  }
  const sigset_t set = stop_set();
  if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) {
    throw std::runtime_error("cannot block SIGINT and SIGTERM");
  }
  fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    sigaction(SIGINT, &previous_[0], nullptr);
    sigaction(SIGTERM, &previous_[1], nullptr);
    throw std::runtime_error(std::string("cannot watch SIGINT and SIGTERM: ") +
                             std::strerror(error));
  }
}

StopSignals::~StopSignals() {
  close(fd_);
  const sigset_t set = stop_set();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  sigaction(SIGINT, &previous_[0], nullptr);
  sigaction(SIGTERM, &previous_[1], nullptr);
}

std::string StopSignals::take() {
  signalfd_siginfo info{};
  if (read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return {};
  return info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace iotscope
