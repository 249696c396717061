#pragma once
// One TCP connection a service probe runs over: connect, send, read with deadlines, optionally
// through TLS. Sockets are non-blocking underneath and every wait goes through poll(), so no
// call blocks past its deadline.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/ip_address.hpp"

namespace iotscope {

using ServiceClock = std::chrono::steady_clock;

enum class ReadStatus : std::uint8_t { data, closed, timeout, error };

class ServiceConnection {
 public:
  ~ServiceConnection();
  ServiceConnection(ServiceConnection&&) noexcept;
  ServiceConnection& operator=(ServiceConnection&&) noexcept;
  ServiceConnection(const ServiceConnection&) = delete;
  ServiceConnection& operator=(const ServiceConnection&) = delete;

  // nullopt when the connection is refused, times out or the address has no family.
  static std::optional<ServiceConnection> open(const IpAddress& address, std::uint16_t port,
                                               ServiceClock::time_point deadline);

  // Runs a TLS client handshake over this connection (no certificate check: we only want to
  // see what is behind it). False on failure; the connection is then unusable.
  bool start_tls(ServiceClock::time_point deadline);
  bool is_tls() const;
  std::string tls_version() const;  // "TLSv1.3", empty without TLS

  bool send_all(std::string_view bytes, ServiceClock::time_point deadline);
  // Appends what arrives (at most max_bytes) to *buffer.
  ReadStatus read_some(std::string* buffer, std::size_t max_bytes,
                       ServiceClock::time_point deadline);

 private:
  struct State;
  explicit ServiceConnection(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// True when the bytes start like a TLS record (handshake or alert, SSL 3.0 to TLS 1.3).
bool looks_like_tls_record(std::string_view bytes);

}  // namespace iotscope
