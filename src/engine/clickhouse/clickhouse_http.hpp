#pragma once
// One connection to one ClickHouse server's HTTP interface (there is no packaged C++ client for
// the Debian release). Not thread-safe: each worker owns its own.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iotscope::clickhouse {

// A failed request: ClickHouse's own message (or the transport error) and the server address.
class ClickHouseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerLogin {
  std::string host;
  std::uint16_t port = 0;  // HTTP
  std::string user = "default";
  std::string password;
  std::string address() const;
};

class ClickHouseHttp {
 public:
  using ChunkSink = std::function<void(std::string_view)>;

  explicit ClickHouseHttp(ServerLogin login, long timeout_seconds = 600);
  ~ClickHouseHttp();
  ClickHouseHttp(const ClickHouseHttp&) = delete;
  ClickHouseHttp& operator=(const ClickHouseHttp&) = delete;

  // Runs `sql` (sent as the body); the answer arrives in pieces through `sink`.
  void execute(std::string_view sql, const ChunkSink& sink);
  // Runs `sql` (in the URL, e.g. "INSERT INTO t FORMAT TabSeparated") with `data` as the body.
  void execute_with_data(std::string_view sql, std::string_view data);
  // Runs `sql` and returns the whole answer.
  std::string query(std::string_view sql);

  const ServerLogin& login() const { return login_; }

 private:
  void perform(const std::string& url, std::string_view body, const ChunkSink& sink);
  struct Handle;
  ServerLogin login_;
  long timeout_seconds_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace iotscope::clickhouse
