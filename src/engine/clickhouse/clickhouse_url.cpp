#include "engine/clickhouse/clickhouse_url.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/clickhouse/sql_literal.hpp"

namespace iotscope::clickhouse {
namespace {

constexpr std::string_view kScheme = "clickhouse://";
constexpr std::string_view kShape = "clickhouse://[user@]host:port/db[?cluster=NAME]";

[[noreturn]] void fail(std::string_view url, std::string_view what) {
  throw ClickHouseUrlError(fmt::format("engine URL '{}': {} (expected {})", url, what, kShape));
}

bool is_user_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

bool is_host_char(char c) {
  return is_user_char(c);
}

std::string parse_user(std::string_view url, std::string_view user) {
  if (user.find(':') != std::string_view::npos) {
    fail(url, fmt::format("a password in the URL is refused; set {} or {} instead",
                          kPasswordVariable, kPasswordFileVariable));
  }
  if (user.empty()) fail(url, "empty user before '@'");
  for (const char c : user) {
    if (!is_user_char(c)) fail(url, "the user may hold letters, digits, '_', '-' and '.' only");
  }
  return std::string(user);
}

// host:port or [v6]:port
void parse_authority(std::string_view url, std::string_view authority, ClickHouseUrl& out) {
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) fail(url, "'[' without ']' around an IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
    if (authority.substr(close + 1).size() < 2 || authority[close + 1] != ':') {
      fail(url, "no ':port' after the host");
    }
    port_text = authority.substr(close + 2);
  } else {
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) fail(url, "no ':port' after the host");
    out.host = std::string(authority.substr(0, colon));
    port_text = authority.substr(colon + 1);
    for (const char c : out.host) {
      if (!is_host_char(c)) fail(url, fmt::format("'{}' is no host name or address", out.host));
    }
  }
  if (out.host.empty()) fail(url, "empty host");
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() ||
      port == 0 || port > 65535) {
    fail(url, fmt::format("'{}' is no port number (1-65535)", port_text));
  }
  out.port = static_cast<std::uint16_t>(port);
}

void parse_query(std::string_view url, std::string_view query, ClickHouseUrl& out) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (key != "cluster" || eq == std::string_view::npos) {
      fail(url, fmt::format("unknown parameter '{}'; only cluster=NAME is known", pair));
    }
    const std::string_view value = pair.substr(eq + 1);
    if (!is_plain_name(value)) {
      fail(url, fmt::format("cluster '{}' is no plain name ([A-Za-z_][A-Za-z0-9_]*)", value));
    }
    out.cluster = std::string(value);
  }
}

}  // namespace

std::string ClickHouseUrl::address() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

ClickHouseUrl parse_clickhouse_url(std::string_view url) {
  if (!url.starts_with(kScheme)) fail(url, "it does not start with clickhouse://");
  std::string_view rest = url.substr(kScheme.size());
  ClickHouseUrl out;
  const auto question = rest.find('?');
  if (question != std::string_view::npos) {
    parse_query(url, rest.substr(question + 1), out);
    rest = rest.substr(0, question);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) fail(url, "no '/db' after host:port");
  std::string_view authority = rest.substr(0, slash);
  const std::string_view database = rest.substr(slash + 1);
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    out.user = parse_user(url, authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  parse_authority(url, authority, out);
  if (database.empty()) fail(url, "no database name after '/'");
  if (!is_plain_name(database)) {
    fail(url, fmt::format("database '{}' is no plain name ([A-Za-z_][A-Za-z0-9_]*)", database));
  }
  out.database = std::string(database);
  return out;
}

std::string password_from(const char* password, const char* password_file) {
  if (password != nullptr && password_file != nullptr) {
    throw ClickHouseUrlError(
        fmt::format("both {} and {} are set; set one", kPasswordVariable, kPasswordFileVariable));
  }
  if (password != nullptr) return password;
  if (password_file == nullptr) return {};
  std::ifstream in(password_file, std::ios::binary);
  if (!in) {
    throw ClickHouseUrlError(fmt::format("{}: cannot read the password file (named by {})",
                                         password_file, kPasswordFileVariable));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  if (value.ends_with('\n')) value.pop_back();
  if (value.ends_with('\r')) value.pop_back();
  return value;
}

std::string password_from_environment() {
  return password_from(std::getenv(kPasswordVariable), std::getenv(kPasswordFileVariable));
}

}  // namespace iotscope::clickhouse
