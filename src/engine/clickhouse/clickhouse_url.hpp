#pragma once
// Where a ClickHouse engine lives: clickhouse://[user@]host:port/db[?cluster=NAME], the port
// being the HTTP interface's. The password never appears in the URL (it would land in shell
// history and process listings): it comes from the environment or a file.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace iotscope::clickhouse {

struct ClickHouseUrl {
  std::string user = "default";
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  std::uint16_t port = 0;
  std::string database;
  std::string cluster;  // a remote_servers name; empty: one server

  std::string address() const;  // "host:port", IPv6 in brackets
};

// Thrown for a malformed URL or unreadable credentials; the message says what was expected.
class ClickHouseUrlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

ClickHouseUrl parse_clickhouse_url(std::string_view text);

// The password from IOTSCOPE_CLICKHOUSE_PASSWORD or from the file named by
// IOTSCOPE_CLICKHOUSE_PASSWORD_FILE (one trailing newline dropped); empty when neither is set.
// Both set is an error: which one is meant would be a guess.
std::string password_from_environment();
// The same from given values (null when unset), for tests.
std::string password_from(const char* password, const char* password_file);

inline constexpr const char* kPasswordVariable = "IOTSCOPE_CLICKHOUSE_PASSWORD";
inline constexpr const char* kPasswordFileVariable = "IOTSCOPE_CLICKHOUSE_PASSWORD_FILE";

}  // namespace iotscope::clickhouse
