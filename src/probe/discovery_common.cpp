#include "probe/discovery_common.hpp"

#include <chrono>
#include <string>
#include <utility>

namespace iotscope {

std::optional<IpAddress> url_host_address(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = url[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view rest = url.substr(kScheme.size());
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find('@') != std::string_view::npos) return std::nullopt;  // credentials: refuse
  std::string_view host = rest;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = rest.substr(1, close - 1);
  } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
  }
  return IpAddress::parse(host);
}

double unix_time_now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

Observation probe_observation(double ts, std::string kind, const IpAddress& peer,
                              std::uint16_t port, std::map<std::string, std::string> fields) {
  Observation o;
  o.ts = ts;
  o.kind = std::move(kind);
  o.peer = peer;
  o.port = port;
  o.fields = std::move(fields);
  return o;
}

}  // namespace iotscope
