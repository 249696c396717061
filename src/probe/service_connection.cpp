#include "probe/service_connection.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace iotscope {

namespace {

int remaining_ms(ServiceClock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ServiceClock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

// Waits until fd is ready for `events`; false on timeout or error.
bool wait_for(int fd, short events, ServiceClock::time_point deadline) {
  while (true) {
    pollfd entry{fd, events, 0};
    const int rc = ::poll(&entry, 1, remaining_ms(deadline));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return false;
  }
}

// SSL_write writes with write(2): a peer that closed would raise SIGPIPE and kill the program.
// The signal is blocked on this thread for the call and a pending one is consumed.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &previous_);
  }
  ~SigpipeBlock() {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_set_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_set_{};
  sigset_t previous_{};
};

}  // namespace

struct ServiceConnection::State {
  struct SslCtxDeleter {
    void operator()(SSL_CTX* owned) const { SSL_CTX_free(owned); }
  };
  struct SslDeleter {
    void operator()(SSL* owned) const { SSL_free(owned); }
  };

  int fd = -1;
  std::unique_ptr<SSL_CTX, SslCtxDeleter> context;
  std::unique_ptr<SSL, SslDeleter> ssl;
  ~State() {
    ssl.reset();
    if (fd >= 0) ::close(fd);
  }
};

ServiceConnection::ServiceConnection(std::unique_ptr<State> state) : state_(std::move(state)) {}
ServiceConnection::~ServiceConnection() = default;
ServiceConnection::ServiceConnection(ServiceConnection&&) noexcept = default;
ServiceConnection& ServiceConnection::operator=(ServiceConnection&&) noexcept = default;

std::optional<ServiceConnection> ServiceConnection::open(const IpAddress& address,
                                                         std::uint16_t port,
                                                         ServiceClock::time_point deadline) {
  if (address.is_unset()) return std::nullopt;
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (address.is_v4()) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    v4->sin_addr.s_addr = htonl(address.v4_value());
    length = sizeof(sockaddr_in);
  } else {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    std::memcpy(&v6->sin6_addr, address.bytes().data(), 16);
    length = sizeof(sockaddr_in6);
  }
  auto state = std::make_unique<State>();
  state->fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (state->fd < 0) return std::nullopt;
  if (::connect(state->fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0) {
    if (errno != EINPROGRESS) return std::nullopt;
    if (!wait_for(state->fd, POLLOUT, deadline)) return std::nullopt;
    int error = 0;
    socklen_t error_length = sizeof(error);
    if (::getsockopt(state->fd, SOL_SOCKET, SO_ERROR, &error, &error_length) != 0 || error != 0) {
      return std::nullopt;
    }
  }
  return ServiceConnection(std::move(state));
}

bool ServiceConnection::start_tls(ServiceClock::time_point deadline) {
  state_->context.reset(SSL_CTX_new(TLS_client_method()));
  if (!state_->context) return false;
  SSL_CTX_set_verify(state_->context.get(), SSL_VERIFY_NONE, nullptr);
  // Old devices speak old TLS with weak ciphers; we only look, so accept anything.
  SSL_CTX_set_security_level(state_->context.get(), 0);
  SSL_CTX_set_min_proto_version(state_->context.get(), 0);
  SSL_CTX_set_cipher_list(state_->context.get(), "ALL:@SECLEVEL=0");
  state_->ssl.reset(SSL_new(state_->context.get()));
  if (!state_->ssl || SSL_set_fd(state_->ssl.get(), state_->fd) != 1) return false;
  const SigpipeBlock no_sigpipe;
  while (true) {
    ERR_clear_error();
    const int rc = SSL_connect(state_->ssl.get());
    if (rc == 1) return true;
    const int reason = SSL_get_error(state_->ssl.get(), rc);
    short events = 0;
    if (reason == SSL_ERROR_WANT_READ) {
      events = POLLIN;
    } else if (reason == SSL_ERROR_WANT_WRITE) {
      events = POLLOUT;
    } else {
      state_->ssl.reset();
      return false;
    }
    if (!wait_for(state_->fd, events, deadline)) {
      state_->ssl.reset();
      return false;
    }
  }
}

bool ServiceConnection::is_tls() const {
  return state_->ssl != nullptr;
}

std::string ServiceConnection::tls_version() const {
  return state_->ssl ? SSL_get_version(state_->ssl.get()) : "";
}

bool ServiceConnection::send_all(std::string_view bytes, ServiceClock::time_point deadline) {
  const SigpipeBlock no_sigpipe;
  while (!bytes.empty()) {
    ssize_t sent = 0;
    short wait_events = POLLOUT;
    if (state_->ssl) {
      ERR_clear_error();
      const int rc = SSL_write(state_->ssl.get(), bytes.data(), static_cast<int>(bytes.size()));
      if (rc > 0) {
        sent = rc;
      } else {
        const int reason = SSL_get_error(state_->ssl.get(), rc);
        if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) return false;
        wait_events = reason == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      }
    } else {
      sent = ::send(state_->fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    }
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    } else if (!wait_for(state_->fd, wait_events, deadline)) {
      return false;
    }
  }
  return true;
}

ReadStatus ServiceConnection::read_some(std::string* buffer, std::size_t max_bytes,
                                        ServiceClock::time_point deadline) {
  std::array<char, 4096> chunk{};
  const std::size_t wanted = std::min(chunk.size(), max_bytes);
  if (wanted == 0) return ReadStatus::timeout;
  while (true) {
    short wait_events = POLLIN;
    if (state_->ssl) {
      ERR_clear_error();
      const int rc = SSL_read(state_->ssl.get(), chunk.data(), static_cast<int>(wanted));
      if (rc > 0) {
        buffer->append(chunk.data(), static_cast<std::size_t>(rc));
        return ReadStatus::data;
      }
      const int reason = SSL_get_error(state_->ssl.get(), rc);
      if (reason == SSL_ERROR_ZERO_RETURN) return ReadStatus::closed;
      if (reason == SSL_ERROR_WANT_WRITE) {
        wait_events = POLLOUT;
      } else if (reason != SSL_ERROR_WANT_READ) {
        return reason == SSL_ERROR_SYSCALL ? ReadStatus::closed : ReadStatus::error;
      }
    } else {
      const ssize_t got = ::recv(state_->fd, chunk.data(), wanted, 0);
      if (got > 0) {
        buffer->append(chunk.data(), static_cast<std::size_t>(got));
        return ReadStatus::data;
      }
      if (got == 0) return ReadStatus::closed;
      if (errno == ECONNRESET) return ReadStatus::closed;
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return ReadStatus::error;
    }
    if (!wait_for(state_->fd, wait_events, deadline)) return ReadStatus::timeout;
  }
}

bool looks_like_tls_record(std::string_view bytes) {
  if (bytes.size() < 3) return false;
  const auto type = static_cast<unsigned char>(bytes[0]);
  return (type == 0x15 || type == 0x16) && bytes[1] == 0x03 &&
         static_cast<unsigned char>(bytes[2]) <= 0x04;
}

}  // namespace iotscope
