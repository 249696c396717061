#include "probe/port_list.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <stdexcept>
#include <utility>

#include "util/text.hpp"

namespace iotscope {
namespace {

constexpr std::uint32_t kMaxPort = 65535;

void append_unique(std::vector<ProbePort>& ports, std::set<ProbePort>& seen, ProbePort port) {
  if (seen.insert(port).second) ports.push_back(port);
}

[[noreturn]] void refuse_item(std::size_t index, std::string_view item, std::string_view why) {
  throw std::invalid_argument("port list item " + std::to_string(index) + " '" + std::string(item) +
                              "': " + std::string(why));
}

std::uint16_t parse_port(std::size_t index, std::string_view item, std::string_view text,
                         std::uint16_t when_empty) {
  if (text.empty() && when_empty != 0) return when_empty;
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value == 0 ||
      value > kMaxPort) {
    refuse_item(index, item, "expected a port number 1-65535 or a range like 1000-1010");
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::vector<ProbePort> default_iot_ports() {
  // The thesis' IoT TCP ports, then ports the seeds' devices served (Chromecast 8008/8009,
  // Roku 8060, Sonos 1400, Yeelight 55443, Tuya 6668, TR-069 7547, UPnP 49152/49153 ...).
  static constexpr std::uint16_t kTcp[] = {
      8008, 8009, 8443, 80,   443,  8080, 1843,  1443,  22,   8060,  23,    21,    7547,  8888,
      8883, 1883, 554,  9100, 631,  111,  1080,  8081,  1400, 55443, 55444, 10001, 49152, 5000,
      5001, 445,  139,  3389, 5900, 2002, 10101, 12300, 9000, 8000,  6668,  49153};
  static constexpr std::uint16_t kUdp[] = {1900, 5353, 161, 123, 5683};
  std::vector<ProbePort> ports;
  std::set<ProbePort> seen;
  for (const std::uint16_t port : kTcp) append_unique(ports, seen, {port, Transport::tcp});
  for (const std::uint16_t port : kUdp) append_unique(ports, seen, {port, Transport::udp});
  return ports;
}

std::vector<ProbePort> parse_port_list(std::string_view text) {
  std::vector<ProbePort> ports;
  std::set<ProbePort> seen;
  Transport transport = Transport::tcp;
  std::size_t index = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = trim_spaces(text.substr(start, comma - start));
    start = comma + 1;
    ++index;
    std::string_view range = item;
    if (range.size() >= 2 && range[1] == ':') {
      const char prefix = range[0];
      if (prefix == 'T' || prefix == 't') {
        transport = Transport::tcp;
      } else if (prefix == 'U' || prefix == 'u') {
        transport = Transport::udp;
      } else {
        refuse_item(index, item, "expected the transport prefix T: or U:");
      }
      range.remove_prefix(2);
    }
    if (range.empty()) refuse_item(index, item, "expected a port number or a range");
    const std::size_t dash = range.find('-');
    if (dash == std::string_view::npos) {
      append_unique(ports, seen, {parse_port(index, item, range, 0), transport});
      continue;
    }
    // nmap's open ends: "-1024" starts at 1, "60000-" runs to 65535.
    const std::uint16_t low = dash == 0 ? 1 : parse_port(index, item, range.substr(0, dash), 0);
    const std::uint16_t high = parse_port(index, item, range.substr(dash + 1), 65535);
    if (high < low) refuse_item(index, item, "expected the range's end not below its start");
    for (std::uint32_t port = low; port <= high; ++port) {
      append_unique(ports, seen, {static_cast<std::uint16_t>(port), transport});
    }
  }
  return ports;
}

std::vector<ProbePort> top_ports(std::size_t count, Transport transport, std::string_view path) {
  if (count == 0) throw std::invalid_argument("--top-ports: expected a count of at least 1");
  std::ifstream file{std::string(path)};
  if (!file) {
    throw std::runtime_error("cannot read " + std::string(path) +
                             " (nmap's port frequency list, Debian package nmap-common)");
  }
  const std::string_view wanted = to_string(transport);
  std::vector<std::pair<double, std::uint16_t>> ranked;
  std::string line;
  while (std::getline(file, line)) {
    // "http\t80/tcp\t0.484143\t# comment"; comments and malformed lines carry no ranking.
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab1 = line.find('\t');
    const std::size_t slash = line.find('/', tab1);
    const std::size_t tab2 = line.find('\t', slash);
    if (tab1 == std::string::npos || slash == std::string::npos || tab2 == std::string::npos) {
      continue;
    }
    if (std::string_view(line).substr(slash + 1, tab2 - slash - 1) != wanted) continue;
    std::uint32_t port = 0;
    double frequency = 0;
    const char* port_begin = line.data() + tab1 + 1;
    const auto port_parse = std::from_chars(port_begin, line.data() + slash, port);
    const std::size_t tab3 = std::min(line.find('\t', tab2 + 1), line.size());
    const auto freq_parse = std::from_chars(line.data() + tab2 + 1, line.data() + tab3, frequency);
    if (port_parse.ec != std::errc{} || freq_parse.ec != std::errc{} || port == 0 ||
        port > kMaxPort) {
      continue;
    }
    ranked.emplace_back(frequency, static_cast<std::uint16_t>(port));
  }
  // Most frequent first; equal frequencies in port order so the list is stable.
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<ProbePort> ports;
  for (std::size_t i = 0; i < ranked.size() && i < count; ++i) {
    ports.push_back({ranked[i].second, transport});
  }
  return ports;
}

std::vector<ProbePort> top_ports(std::size_t count, std::string_view path) {
  std::vector<ProbePort> ports = top_ports(count, Transport::tcp, path);
  const std::vector<ProbePort> udp = top_ports(count, Transport::udp, path);
  ports.insert(ports.end(), udp.begin(), udp.end());
  return ports;
}

}  // namespace iotscope
